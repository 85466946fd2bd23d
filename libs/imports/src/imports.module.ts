import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { AccessService, AuditService, Clock, ExternalRefsRepository, QueueName } from '@asb/core';
import { CasesRepository, CasesService, IncidentsRepository, IncidentsService, PartiesRepository, PartiesService } from '@asb/cases';
import { PeopleRepository, PeopleService, RepeatVictimRepository } from '@asb/people';
import { RiskAssessmentService, RiskDataModule } from '@asb/risk';
import { BundleImporter } from './bundles/bundle-importer.service';
import { ImportJobs } from './import-jobs.producer';
import { ImportsController } from './imports.controller';
import { ImportsRepository } from './imports.repository';
import { ImportsService } from './imports.service';
import { ImportRunner } from './runner/import-runner.service';

/** The API side: taking a file, queueing its run, reporting progress. Needs BullModule.forRoot in the app. */
@Module({
  imports: [BullModule.registerQueue({ name: QueueName.Imports })],
  controllers: [ImportsController],
  providers: [ImportsService, ImportsRepository, ImportJobs],
})
export class ImportsModule {}

/**
 * The worker side: running an import through the services of the endpoints
 * (people, cases, parties, incidents, risk assessments), without their
 * controllers. The worker has no CoreModule, so the core services they use
 * are provided here.
 */
@Module({
  imports: [RiskDataModule],
  providers: [
    ImportRunner,
    BundleImporter,
    ImportsRepository,
    PeopleService,
    PeopleRepository,
    RepeatVictimRepository,
    CasesService,
    CasesRepository,
    PartiesService,
    PartiesRepository,
    IncidentsService,
    IncidentsRepository,
    RiskAssessmentService,
    AccessService,
    AuditService,
    Clock,
    ExternalRefsRepository,
  ],
  exports: [ImportRunner],
})
export class ImportsWorkerModule {}
