/**
 * The two prompts. They carry the user's date and time zone because flyers say "this Friday";
 * that is why the cache key holds both, and the prompt version.
 */
export function eventPrompt(localDate: string, timeZone: string): string {
  return [
    'You read one flyer or screenshot and extract the single event it announces.',
    `Today is ${localDate} in the time zone ${timeZone}; resolve relative dates against it.`,
    'Dates are YYYY-MM-DD, times HH:MM:SS (24 h). Use "" for an end the flyer does not give.',
    'If the image announces no dated event, set startDate to "TBD".',
    'Use the IANA time zone of the event\'s location, or the user\'s when unsure.',
  ].join('\n');
}

export function metadataPrompt(localDate: string, timeZone: string): string {
  return [
    'You read one flyer or screenshot and describe the event it announces.',
    `Today is ${localDate} in the time zone ${timeZone}.`,
    'Give accessibility features, age restriction, category, @mentions, performers, prices and the kind of event.',
    'Use "unknown", empty lists and null prices where the flyer says nothing.',
  ].join('\n');
}
