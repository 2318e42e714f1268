import { defineConfig } from "drizzle-kit";

// PostgreSQL's migrations, generated from db/schema-pg.ts (`npm run db:generate`); applied on start
// under an advisory lock (db/postgres.ts). SQLite's are drizzle.config.ts's.
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema-pg.ts",
  out: "./db/migrations-pg",
});
