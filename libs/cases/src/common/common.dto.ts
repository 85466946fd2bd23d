import { Transform } from 'class-transformer';
import { IsLatitude, IsLongitude, IsNumber, IsOptional, IsString, MaxLength, ValidateIf } from 'class-validator';
import { ExternalRef, IsPostcode, NormalisePostcode, Trim } from '@asb/core';

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

export type ExternalRefAnswer = ExternalRef;

export function mapLocation(row: { address: string | null; postcode: string | null; latitude: number | null; longitude: number | null }): LocationAnswer {
  return { address: row.address, postcode: row.postcode, latitude: row.latitude, longitude: row.longitude };
}

/** May be left out, but not null (for fields that cannot be cleared). */
export const NotNullIfGiven = () => ValidateIf((_o, v) => v !== undefined);

/** Trims a string, keeping an empty one empty so MinLength refuses it. */
export const TrimString = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));
