import { Module } from '@nestjs/common';
import { PeopleModule } from '@asb/people';
import { RiskAssessmentController } from './assessments/risk-assessment.controller';
import { RiskAssessmentRepository } from './assessments/risk-assessment.repository';
import { RiskAssessmentService } from './assessments/risk-assessment.service';
import { MissingRiskAssessmentsRepository } from './missing/missing-risk-assessments.repository';
import { RiskTemplateRepository } from './templates/risk-template.repository';

/** The risk tables' repositories alone, for the worker. */
@Module({
  providers: [RiskAssessmentRepository, RiskTemplateRepository, MissingRiskAssessmentsRepository],
  exports: [RiskAssessmentRepository, RiskTemplateRepository, MissingRiskAssessmentsRepository],
})
export class RiskDataModule {}

@Module({
  imports: [PeopleModule, RiskDataModule],
  controllers: [RiskAssessmentController],
  providers: [RiskAssessmentService],
  exports: [RiskDataModule],
})
export class RiskModule {}
