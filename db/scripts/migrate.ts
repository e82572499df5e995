// npm run db:migrate — applies the committed drizzle-kit migrations (the server also does this at start).
import { openOrRefuse } from "../../app/cli/tool.server";

// On embedded PGlite, refused with one line while the app (or another tool) has the data folder open.
const database = openOrRefuse("npm run db:migrate needs the data folder to itself; the app migrates at start");
try {
  await database.migrate();
  console.log(`Migrations applied (${database.driver}).`);
} finally {
  await database.close();
}
