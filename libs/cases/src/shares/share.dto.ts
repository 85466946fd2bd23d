import { IsUUID } from 'class-validator';

export class ShareCaseDto {
  /** The organisation to share the case with. */
  @IsUUID('all')
  organisationId: string;
}
