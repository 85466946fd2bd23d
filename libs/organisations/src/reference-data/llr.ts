/** The Leicester, Leicestershire and Rutland partnership (DOMAIN.md section 13). */
export const LLR_ORGANISATIONS = [
  { code: 'LEICS-POLICE', name: 'Leicestershire Police', kind: 'police' },
  { code: 'LEICS-CC', name: 'Leicestershire County Council', kind: 'local_authority' },
  { code: 'LEICESTER-CC', name: 'Leicester City Council', kind: 'local_authority' },
  { code: 'RUTLAND-CC', name: 'Rutland County Council', kind: 'local_authority' },
  { code: 'BLABY-DC', name: 'Blaby District Council', kind: 'local_authority' },
  { code: 'CHARNWOOD-BC', name: 'Charnwood Borough Council', kind: 'local_authority' },
  { code: 'HARBOROUGH-DC', name: 'Harborough District Council', kind: 'local_authority' },
  { code: 'HINCKLEY-BBC', name: 'Hinckley and Bosworth Borough Council', kind: 'local_authority' },
  { code: 'MELTON-BC', name: 'Melton Borough Council', kind: 'local_authority' },
  { code: 'NWL-DC', name: 'North West Leicestershire District Council', kind: 'local_authority' },
  { code: 'OADBY-WIGSTON-BC', name: 'Oadby and Wigston Borough Council', kind: 'local_authority' },
] as const;

export const LLR_CSPS = [
  { code: 'CHARNWOOD', name: 'Charnwood' },
  { code: 'NWL', name: 'North West Leicestershire' },
  { code: 'BLABY', name: 'Blaby' },
  { code: 'HINCKLEY', name: 'Hinckley and Bosworth' },
  { code: 'HARBOROUGH', name: 'Harborough' },
  { code: 'OADBY-WIGSTON', name: 'Oadby and Wigston' },
  { code: 'MELTON', name: 'Melton' },
  { code: 'LEICESTER', name: 'Leicester City' },
  { code: 'RUTLAND', name: 'Rutland' },
] as const;

/** NPA codes from the board papers; NH, NW, NC and NM are ours (DOMAIN.md section 13). */
export const LLR_NPAS = [
  { code: 'NL', name: 'Charnwood', defaultCspCode: 'CHARNWOOD' },
  { code: 'NN', name: 'North West Leicestershire', defaultCspCode: 'NWL' },
  { code: 'NE', name: 'East Leicester', defaultCspCode: 'LEICESTER' },
  { code: 'NS', name: 'South Leicester', defaultCspCode: 'LEICESTER' },
  { code: 'NA', name: 'Market Harborough', defaultCspCode: 'HARBOROUGH' },
  { code: 'NH', name: 'Hinckley and Blaby', defaultCspCode: 'HINCKLEY' },
  { code: 'NW', name: 'West Leicester', defaultCspCode: 'LEICESTER' },
  { code: 'NC', name: 'Central Leicester', defaultCspCode: 'LEICESTER' },
  { code: 'NM', name: 'Melton and Rutland', defaultCspCode: 'MELTON' },
] as const;
