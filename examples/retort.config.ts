import { defineConfig } from "retort-migrate";

export default defineConfig({
  url: process.env.DATABASE_URL ?? "sqlite:./example.db",
  scriptLocation: "migrations",
  versionLocations: ["migrations/versions", "migrations/billing"],
});
