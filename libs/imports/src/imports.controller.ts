import { Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiExtraModels, ApiResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { Request } from 'express';
import { Actor, Authenticated, CASEWORK_ROLES, CurrentActor, UuidParam } from '@asb/core';
import { ImportBundleDto } from './bundles/import-bundle.dto';
import { ImportsService } from './imports.service';
import { IMPORT_MAX_BYTES, NDJSON_TYPE } from './rules/ndjson';

@ApiTags('imports')
@ApiExtraModels(ImportBundleDto)
@Controller('api/v1/imports')
export class ImportsController {
  constructor(private readonly imports: ImportsService) {}

  /**
   * Imports case bundles, one per line, in the worker: 202 with the import's
   * id at once; each line succeeds or fails alone (all or nothing per line).
   * Importing the same external references again updates, never duplicates.
   */
  @Post() @HttpCode(202) @Authenticated(...CASEWORK_ROLES)
  @ApiConsumes(NDJSON_TYPE)
  @ApiBody({
    description: `NDJSON (UTF-8), one case bundle per line, each as the schema ${getSchemaPath(ImportBundleDto)}; at most ${IMPORT_MAX_BYTES / 1024 / 1024} MB (413 above).`,
    schema: { type: 'string' },
  })
  @ApiResponse({ status: 202, description: '{ importId, status: "queued", total }: poll GET /api/v1/imports/{importId}' })
  @ApiResponse({ status: 400, description: 'VALIDATION_FAILED: the file has no bundles' })
  @ApiResponse({ status: 413, description: 'PAYLOAD_TOO_LARGE: over 50 MB' })
  @ApiResponse({ status: 415, description: 'UNSUPPORTED_MEDIA_TYPE: not application/x-ndjson (UTF-8)' })
  create(@CurrentActor() actor: Actor, @Req() req: Request) {
    return this.imports.accept(actor, req.headers['content-type'], req.body);
  }

  /** The import's status, counts and failed lines (its own organisation, or an admin). */
  @Get(':id') @Authenticated(...CASEWORK_ROLES, 'admin')
  @ApiResponse({ status: 200, description: '{ status: "queued" | "running" | "completed", total, succeeded, failed, errors: [ { line, code, message, details? } ] } (the first 1,000 failed lines)' })
  @ApiResponse({ status: 404, description: 'NOT_FOUND: no such import, or another organisation\'s' })
  get(@CurrentActor() actor: Actor, @UuidParam('id') id: string) {
    return this.imports.status(actor, id);
  }
}
