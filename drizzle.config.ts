import { defineConfig } from "drizzle-kit";

// Generates SQL migrations from db/schema.ts; the app applies them on start (db/index.ts).
export default defineConfig({
  dialect: "sqlite",
  schema: "./db/schema.ts",
  out: "./db/migrations",
});
