// Integration and e2e tests run real engines and separate processes: give them room (the per-project
// `testTimeout` option is not honoured inside a multi-project config).
jest.setTimeout(180000);
