import { test, expect } from "../../fixtures";
import { hydrated } from "../../pages/shop";

type Load = { url: string; encoding?: string; bytes: number };

const built = (url: string) => /\/pkg\/|\/js\//.test(new URL(url).pathname);

test("the first visit gets the bundle compressed; a second visit downloads no wasm, js or css", async ({ page }) => {
  const client = await page.context().newCDPSession(page);
  const loads = new Map<string, Load>();
  await client.send("Network.enable");
  client.on("Network.responseReceived", (e) => {
    loads.set(e.requestId, { url: e.response.url, encoding: e.response.headers["content-encoding"], bytes: 0 });
  });
  client.on("Network.loadingFinished", (e) => {
    const load = loads.get(e.requestId);
    if (load) load.bytes = e.encodedDataLength;
  });

  await page.goto("/learn");
  await hydrated(page);
  const first = [...loads.values()].filter((l) => built(l.url));
  // Any order: the paths sort by their hashes, which change with every build.
  const paths = first.map((l) => new URL(l.url).pathname);
  expect(paths).toHaveLength(6);
  expect(paths).toEqual(expect.arrayContaining([
    // The overview's module and what it imports, from the one folder named by their hash.
    expect.stringMatching(/^\/js\/[0-9a-f]{16}\/learn\/path\.js$/),
    expect.stringMatching(/^\/js\/[0-9a-f]{16}\/learn\/lab\.js$/),
    expect.stringMatching(/^\/js\/[0-9a-f]{16}\/browser\/kit\.js$/),
    expect.stringMatching(/^\/pkg\/tokenshop\.[0-9a-f]{16}\.css$/),
    expect.stringMatching(/^\/pkg\/tokenshop\.[0-9a-f]{16}\.js$/),
    expect.stringMatching(/^\/pkg\/tokenshop\.[0-9a-f]{16}_bg\.wasm$/),
  ]));
  for (const load of first) {
    expect(load.encoding, load.url).toBe("br");
    expect(load.bytes, load.url).toBeGreaterThan(0);
  }

  loads.clear();
  await page.goto("/learn");
  await hydrated(page);
  const again = [...loads.values()].filter((l) => built(l.url));
  for (const load of again) expect(load.bytes, `${load.url} came over the network again`).toBe(0);
  const document = [...loads.values()].find((l) => new URL(l.url).pathname === "/learn");
  expect(document?.bytes, "the page itself is fetched again: it is never stored").toBeGreaterThan(0);
});
