/** Cases per fuzz property: `npm test` runs `inTest` (a bounded suite), `npm run test:fuzz` sets FUZZ_RUNS for a long run. */
export function fuzzRuns(inTest: number): number {
  const requested = Number(process.env.FUZZ_RUNS);
  return Number.isSafeInteger(requested) && requested > 0 ? requested : inTest;
}
