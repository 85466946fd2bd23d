import { Transform } from 'class-transformer';
import { IsLatitude, IsLongitude, IsNumber, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { IsPostcode, NormalisePostcode, Trim } from '@asb/core';

/** An identifier of the record in another system (STORM, GENIE, a legacy case system). */
export class ExternalRefDto {
  /** The system's name, e.g. `STORM`: letters, digits, `_`, `.`, `-` (no `:`). */
  @Matches(/^[A-Za-z0-9_.-]{1,32}$/, { message: 'system must be 1-32 letters, digits, _ . or -' })
  system: string;

  @IsString() @MinLength(1) @MaxLength(128)
  value: string;
}

/** Where: any of an address, a UK postcode and a point. `null` clears a field on PATCH. */
export class LocationDto {
  @IsOptional() @Trim() @IsString() @MaxLength(500)
  address?: string | null;

  @IsOptional() @NormalisePostcode() @IsPostcode()
  postcode?: string | null;

  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) @IsLatitude()
  latitude?: number | null;

  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) @IsLongitude()
  longitude?: number | null;
}

export interface LocationAnswer {
  address: string | null;
  postcode: string | null;
  latitude: number | null;
  longitude: number | null;
}

export interface ExternalRefAnswer {
  system: string;
  value: string;
}

export function mapLocation(row: { address: string | null; postcode: string | null; latitude: number | null; longitude: number | null }): LocationAnswer {
  return { address: row.address, postcode: row.postcode, latitude: row.latitude, longitude: row.longitude };
}

/** May be left out, but not null (for fields that cannot be cleared). */
export const NotNullIfGiven = () => ValidateIf((_o, v) => v !== undefined);

/** Trims a string, keeping an empty one empty so MinLength refuses it. */
export const TrimString = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));
