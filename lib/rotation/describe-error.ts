import "server-only";
import { AzureError } from "@/lib/azure/errors";
import { label } from "@/lib/azure/http";
import { SecretBoxError } from "@/lib/crypto/secret-box";
import { AppError } from "@/lib/errors";

/** The sentence a rotation's output and history show for a failure; never internal detail. */
export const azureSentence = (error: unknown) =>
  error instanceof AzureError
    ? `${label(error.service)} said: ${error.message}`
    : error instanceof AppError || error instanceof SecretBoxError
      ? error.message
      : "an unexpected error (see the server log)";
