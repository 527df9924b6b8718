// The operations example: one revision that uses most of op.*, on any of the four databases.
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/demo retort -c examples/operations/retort.config.mjs upgrade head
// A plain object is a valid config; defineConfig only adds types.
export default {
  url: process.env.DATABASE_URL ?? "sqlite:./operations.db",
  scriptLocation: "migrations",
};
