import { z } from "zod";

/** End one of your own sessions: its public id (never the cookie's token). */
export const endSessionSchema = z.object({ sessionId: z.uuid({ error: "That session does not exist." }) }).strict();

/** A tenant admin ends every session of a person of their tenant. */
export const endPersonSessionsSchema = z.object({ userId: z.uuid({ error: "That person does not exist." }) }).strict();

