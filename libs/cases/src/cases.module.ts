import { Module } from '@nestjs/common';
import { PeopleModule } from '@asb/people';
import { RiskDataModule } from '@asb/risk';
import { CasesController } from './cases/cases.controller';
import { CasesRepository } from './cases/cases.repository';
import { CasesService } from './cases/cases.service';
import { IncidentsController } from './incidents/incidents.controller';
import { IncidentsRepository } from './incidents/incidents.repository';
import { IncidentsService } from './incidents/incidents.service';
import { PartiesController } from './parties/parties.controller';
import { PartiesRepository } from './parties/parties.repository';
import { PartiesService } from './parties/parties.service';
import { SharesService } from './shares/shares.service';

@Module({
  imports: [PeopleModule, RiskDataModule],
  controllers: [CasesController, PartiesController, IncidentsController],
  providers: [CasesRepository, CasesService, PartiesRepository, PartiesService, SharesService, IncidentsRepository, IncidentsService],
  exports: [CasesService, CasesRepository, PartiesRepository],
})
export class CasesModule {}
