/** The payload of JobName.ImportRun: the import whose pending lines to process. The lines are in PostgreSQL, never in Redis. */
export interface ImportRunPayload {
  importId: string;
}
