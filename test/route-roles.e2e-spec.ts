import { createTestApp, TestApp } from './support/test-app';

/**
 * Who may call what (twenty's permission snapshot). Every route says either
 * @Public() or @Authenticated(...roles); both decorators write it into the
 * OpenAPI operation (`x-public`, `x-roles`). A change to any route's access
 * shows up here as a snapshot diff to review: `npx jest test/route-roles -u`
 * after `npm run build`, then read the diff before committing it.
 */
interface Operation {
  'x-public'?: boolean;
  'x-roles'?: string[];
  security?: Record<string, string[]>[];
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head'];

describe('route roles', () => {
  let t: TestApp;
  let operations: { route: string; op: Operation }[];

  beforeAll(async () => {
    t = await createTestApp();
    const doc = (await t.http().get('/docs-json').expect(200)).body as { paths: Record<string, Record<string, Operation>> };
    operations = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([method]) => METHODS.includes(method))
        .map(([method, op]) => ({ route: `${method.toUpperCase()} ${path}`, op })),
    );
  });
  afterAll(() => t.close());

  it('finds the routes', () => {
    expect(operations.map((o) => o.route)).toEqual(expect.arrayContaining(['GET /health/live', 'POST /api/v1/auth/login']));
  });

  it('gives every route exactly one of @Public() and @Authenticated()', () => {
    const defects = operations
      .filter(({ op }) => (op['x-public'] === true) === Array.isArray(op['x-roles']))
      .map(({ route, op }) => `${route}: ${op['x-public'] ? 'both @Public() and @Authenticated()' : 'neither @Public() nor @Authenticated()'}`);
    expect(defects).toEqual([]);
  });

  it('documents bearer auth on every authenticated route and on no public one', () => {
    const wrong = operations
      .filter(({ op }) => Boolean(op.security?.some((s) => 'bearer' in s)) !== Array.isArray(op['x-roles']))
      .map(({ route }) => route);
    expect(wrong).toEqual([]);
  });

  it('matches the reviewed list of who may call what', () => {
    const access = (op: Operation): string => {
      if (op['x-public'] === true) return 'public';
      if (!Array.isArray(op['x-roles'])) return 'refused to everyone (no decorator)';
      return op['x-roles'].length ? [...op['x-roles']].sort().join(', ') : 'any signed-in caller';
    };
    const lines = operations.map(({ route, op }) => `${route} -> ${access(op)}`).sort();
    expect(lines).toMatchSnapshot();
  });
});
