/** How Rotor names an owner everywhere (page, audit log, alerts); shared by server and browser code. */
export const UNKNOWN_OWNER = "Unknown owner (never signed in to Rotor)";
export const UNKNOWN_ADDRESS = "no e-mail address known";

/** The owner in words, saying plainly what is not known: "Omar Owens (omar@…)", "Omar Owens (no e-mail address known)". */
export function ownerInWords(contact: { name: string | null; email: string | null }): string {
  if (!contact.name && !contact.email) return UNKNOWN_OWNER;
  if (!contact.name) return contact.email!;
  return `${contact.name} (${contact.email ?? UNKNOWN_ADDRESS})`;
}
