process.env.TOLLGATE_TEST_DB = 'postgres';
