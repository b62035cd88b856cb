/** The message of an error, flattened to one line for stderr. */
export function oneLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(
    /\s*\n\s*/g,
    ' ',
  );
}
