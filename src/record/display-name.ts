import { z } from 'zod';

/**
 * C0 and C1 controls (NUL, line breaks, escape sequences) and the bidirectional formatting characters
 * (LRM/RLM, the embeddings and overrides U+202A–202E, the isolates U+2066–2069). A name holding one can
 * hide or reorder what an admin reads in a list, an export or a SIEM: `gpj.exe` shown as `exe.jpg`.
 */
function isUnsafeInName(code: number): boolean {
  return (
    code <= 0x1f ||
    (code >= 0x7f && code <= 0x9f) ||
    code === 0x200e ||
    code === 0x200f ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069)
  );
}

/** A name an admin gives something (a destination, a pull token): printable text, 1 to `max` characters. */
export const displayName = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'a name is required')
    .max(max)
    .refine((value) => ![...value].some((char) => isUnsafeInName(char.codePointAt(0)!)), {
      message: 'must not contain control or text-direction characters',
    });
