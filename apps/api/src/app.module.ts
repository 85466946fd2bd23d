import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig, CoreModule } from '@asb/core';
import { CasesModule } from '@asb/cases';
import { OrganisationsModule } from '@asb/organisations';
import { PeopleModule } from '@asb/people';
import { RiskModule } from '@asb/risk';
import { NotificationsModule } from '@asb/notifications';
import { SupervisionModule } from '@asb/supervision';
import { ReportsModule } from '@asb/reports';
import { EnforcementModule } from '@asb/enforcement';
import { EscalationModule } from '@asb/escalation';
import { ChangesModule } from '@asb/changes';
import { ExportsModule } from '@asb/exports';
import { ImportsModule } from '@asb/imports';
import { HealthModule } from './health/health.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(config), HealthModule, OrganisationsModule, PeopleModule, CasesModule, RiskModule, NotificationsModule, SupervisionModule,
        ReportsModule, EnforcementModule, EscalationModule, ChangesModule, ExportsModule, ImportsModule,
      ],
    };
  }
}
