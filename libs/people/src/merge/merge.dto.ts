import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

/** API.md: `POST /people/{id}/merge { mergeId }`: the profile `mergeId` is merged into `{id}`, which is kept. */
export class MergePeopleDto {
  @ApiProperty({ description: 'The duplicate profile to merge into the one in the path; its links move and it then answers with mergedInto' })
  @IsUUID()
  mergeId: string;
}
