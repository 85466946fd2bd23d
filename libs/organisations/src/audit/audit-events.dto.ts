import { IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { AUDIT_ACTIONS, type AuditAction, IsDateOrTimestamp, PageQueryDto } from '@asb/core';

export class AuditEventsQueryDto extends PageQueryDto {
  @IsOptional() @IsString() @Matches(/^[a-z_]{1,40}$/, { message: 'entityType must be a type name such as person, case or user' })
  entityType?: string;

  @IsOptional() @IsUUID()
  entityId?: string;

  @IsOptional() @IsUUID()
  actorId?: string;

  @IsOptional() @IsUUID()
  caseId?: string;

  @IsOptional() @IsDateOrTimestamp()
  from?: string;

  @IsOptional() @IsDateOrTimestamp()
  to?: string;

  // The one list of audit actions (libs/core/src/audit/audit-action.ts): a new action is filterable the day it is recorded.
  @IsOptional() @IsIn(AUDIT_ACTIONS)
  @MaxLength(20)
  action?: AuditAction;
}
