import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Actor, Authenticated, CurrentActor, UuidParam } from '@asb/core';
import { CreateApiClientDto, CreateCspDto, CreateNpaDto, CreateOrganisationDto, CreateUserDto, ListUsersQueryDto, UpdateNpaDto, UpdateUserDto } from './admin.dto';
import { AdministrationService } from './administration.service';

@ApiTags('administration')
@Controller('api/v1')
export class AdministrationController {
  constructor(private readonly admin: AdministrationService) {}

  /** The partnership's organisations. */
  @Get('organisations') @Authenticated()
  listOrganisations() {
    return this.admin.listOrganisations();
  }

  @Post('organisations') @Authenticated('admin')
  createOrganisation(@CurrentActor() actor: Actor, @Body() dto: CreateOrganisationDto) {
    return this.admin.createOrganisation(actor, dto);
  }

  /** Community Safety Partnerships. */
  @Get('csps') @Authenticated()
  listCsps() {
    return this.admin.listCsps();
  }

  @Post('csps') @Authenticated('admin')
  createCsp(@CurrentActor() actor: Actor, @Body() dto: CreateCspDto) {
    return this.admin.createCsp(actor, dto);
  }

  /** Neighbourhood Policing Areas, with their notification addresses. */
  @Get('npas') @Authenticated()
  listNpas() {
    return this.admin.listNpas();
  }

  @Post('npas') @Authenticated('admin')
  createNpa(@CurrentActor() actor: Actor, @Body() dto: CreateNpaDto) {
    return this.admin.createNpa(actor, dto);
  }

  @Patch('npas/:code') @Authenticated('admin')
  updateNpa(@CurrentActor() actor: Actor, @Param('code') code: string, @Body() dto: UpdateNpaDto) {
    return this.admin.updateNpa(actor, code, dto);
  }

  @Get('users') @Authenticated('admin')
  listUsers(@CurrentActor() actor: Actor, @Query() q: ListUsersQueryDto) {
    return this.admin.listUsers(actor, q.organisationId, q.limit, q.cursor);
  }

  @Post('users') @Authenticated('admin')
  createUser(@CurrentActor() actor: Actor, @Body() dto: CreateUserDto) {
    return this.admin.createUser(actor, dto);
  }

  /** Roles, name, active. */
  @Patch('users/:id') @Authenticated('admin')
  updateUser(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() dto: UpdateUserDto) {
    return this.admin.updateUser(actor, id, dto);
  }

  /** A temporary password for the user, shown once in this answer; they must change it at their next sign-in, and their tokens stop working. */
  @Post('users/:id/password-reset') @HttpCode(200) @Authenticated('admin')
  resetPassword(@CurrentActor() actor: Actor, @UuidParam('id') id: string) {
    return this.admin.resetPassword(actor, id);
  }

  @Get('api-clients') @Authenticated('admin')
  listApiClients() {
    return this.admin.listApiClients();
  }

  /** A partner system's credentials: the secret is shown once, in this answer. */
  @Post('api-clients') @Authenticated('admin')
  createApiClient(@CurrentActor() actor: Actor, @Body() dto: CreateApiClientDto) {
    return this.admin.createApiClient(actor, dto);
  }

  /** Revokes the client: its tokens stop working at once. */
  @Delete('api-clients/:id') @HttpCode(204) @Authenticated('admin')
  revokeApiClient(@CurrentActor() actor: Actor, @UuidParam('id') id: string) {
    return this.admin.revokeApiClient(actor, id);
  }
}
