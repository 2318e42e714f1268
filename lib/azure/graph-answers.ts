import { z } from "zod";
import { azureDate, optionalText } from "./answers";

/** The shapes Rotor reads from Microsoft Graph; see answers.ts for what happens to anything else. */

const passwordCredential = z.object({
  keyId: z.string().min(1),
  displayName: optionalText,
  hint: optionalText,
  startDateTime: azureDate,
  endDateTime: azureDate,
});

export const applicationAnswer = z.object({
  id: z.string().min(1),
  appId: z.string().min(1),
  displayName: z.string(),
  passwordCredentials: z
    .array(passwordCredential)
    .nullish()
    .transform((list) => list ?? []),
});

/** One page of a Graph collection. */
export const pageOf = <T extends z.ZodType>(item: T) => z.object({ value: z.array(item), "@odata.nextLink": z.string().min(1).nullish() });

export const ownerAnswer = z.object({
  id: z.string().min(1),
  "@odata.type": z.string().nullish(),
  displayName: optionalText,
  userPrincipalName: optionalText,
  mail: optionalText,
});

/** `/users/{id}?$select=displayName,mail,userPrincipalName` (User.ReadBasic.All). */
export const userProfileAnswer = z.object({ displayName: optionalText, mail: optionalText, userPrincipalName: optionalText });

/** addPassword's answer: the one moment the secret's text exists. */
export const newSecretAnswer = z.object({
  keyId: z.string().min(1),
  secretText: z.string().min(1),
  hint: optionalText.transform((hint) => hint ?? ""),
  startDateTime: azureDate,
  endDateTime: azureDate,
});

/** removePassword's check after a failure only needs the key ids; without the list Rotor cannot tell the key is gone. */
export const keyIdsAnswer = z.object({ passwordCredentials: z.array(z.object({ keyId: z.string() })) });
