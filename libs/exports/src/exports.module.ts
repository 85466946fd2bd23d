import { Module } from '@nestjs/common';
import { ReportsModule } from '@asb/reports';
import { CaseExportController } from './case-export.controller';
import { CaseExportRepository } from './case-export.repository';
import { CaseExportService } from './case-export.service';
import { ExportConnections } from './export-connections';

/** Streamed bulk exports for partner systems and Power BI (API.md "Jobs, integration, audit"). */
@Module({
  imports: [ReportsModule],
  controllers: [CaseExportController],
  providers: [CaseExportRepository, CaseExportService, ExportConnections],
})
export class ExportsModule {}
