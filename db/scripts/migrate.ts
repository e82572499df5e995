// npm run db:migrate — applies the committed drizzle-kit migrations (the server also does this at start).
import { databaseOptions, getConfig } from "../../app/config/config.server";
import { openDatabase } from "../connection.server";

const config = getConfig();
const database = openDatabase(databaseOptions(config, 1));
try {
  await database.migrate();
  console.log(`Migrations applied (${database.driver}).`);
} finally {
  await database.close();
}
