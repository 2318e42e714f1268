import { z } from "zod";

/** Create an API key: a name that says which scheduler holds it. Shared by the form, the action and the CLI. */
export const createApiKeySchema = z
  .object({
    name: z
      .string({ error: "Give the key a name." })
      .trim()
      .min(1, "Give the key a name, e.g. the scheduler that will hold it.")
      .max(80, "A key's name is at most 80 characters.")
      // A lone surrogate cannot be stored as UTF-8: SQLite would keep bytes that read back differently.
      .refine((name) => name.isWellFormed(), "A key's name cannot contain broken Unicode characters."),
  })
  .strict();

/** Revoke an API key: its id in Rotor (never the key itself). */
export const revokeApiKeySchema = z.object({ id: z.uuid({ error: "That API key does not exist." }) }).strict();

export type CreateApiKeyInput = z.input<typeof createApiKeySchema>;
export type CreateApiKeyValues = z.output<typeof createApiKeySchema>;
export type RevokeApiKeyInput = z.infer<typeof revokeApiKeySchema>;
