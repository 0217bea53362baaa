import { z } from 'zod';
import { optionalText } from '../client';

/** What every part of casework's schemas shares: ids, the counsellor, and the file the core hands out. */

export const Id = z.string().uuid('Not a valid id');

export const text = optionalText; // short name: it is used on almost every field

/** Who did it. Until accounts exist (a later issue) every entry is made by "desk". */
export const Counsellor = z.string().trim().min(1).max(100);
export const DEFAULT_COUNSELLOR = 'desk';

/** A file made by the core for the UI to save or print. */
export const FileOut = z.object({
  fileName: z.string(),
  mimeType: z.string(),
  contentBase64: z.string(),
});
export type FileOut = z.infer<typeof FileOut>;
