import { bringDatabaseBack, takeDatabaseDown } from '../support/db-faults';
import { startTestApp, TestApp } from '../support/test-app';

describe('health when PostgreSQL goes away', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await bringDatabaseBack(t.db.url!);
    await t.close();
  });

  it('reports 503 with the database down, and 200 again once it is back', async () => {
    await t.http.get('/health').expect(200);
    await takeDatabaseDown(t.db.url!);
    const down = await t.http.get('/health').expect(503);
    expect(down.body.error.database.status).toBe('down');
    expect(JSON.stringify(down.body)).not.toMatch(/postgres:\/\//);
    await bringDatabaseBack(t.db.url!);
    await t.http.get('/health').expect(200);
  });
});
