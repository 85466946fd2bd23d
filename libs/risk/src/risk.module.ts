import { Module } from '@nestjs/common';
import { PeopleModule } from '@asb/people';
import { RiskAssessmentController } from './assessments/risk-assessment.controller';
import { RiskAssessmentRepository } from './assessments/risk-assessment.repository';
import { RiskAssessmentService } from './assessments/risk-assessment.service';
import { MissingRiskAssessmentsRepository } from './missing/missing-risk-assessments.repository';
import { RiskTemplateRepository } from './templates/risk-template.repository';

@Module({
  imports: [PeopleModule],
  controllers: [RiskAssessmentController],
  providers: [RiskAssessmentService, RiskAssessmentRepository, RiskTemplateRepository, MissingRiskAssessmentsRepository],
  exports: [RiskAssessmentRepository, MissingRiskAssessmentsRepository],
})
export class RiskModule {}
