import { it } from 'vitest';
import { compileExpression, ExpressionError } from './expression.js';
const cat = { features: ['x','y','z'].map((name) => ({ name, description: name })), functions: [{ name: 'pair', description: 'p', arity: 2 }] };
it('scratch', () => {
  for (const s of ["x[']'", 'x[y z]', 'x[y[1]', '1 + x [ y', "'a'.b", 'true.x', 'this.x', '[1].x', 'x?.y', '(x).y', 'x[y]', 'a[b', 'x[y', 'x.y[1]', '(x.y).z', "'a' .b", 'x [ 1 ]', 'pair(1,2)[0]', 'pair(1, 2) (3)', '(x)(1)', 'x(1)', 'x.', 'x..y','1 .y','x.1', 'x[]', 'x?.[1]']) {
    try { compileExpression(s, cat); console.log(JSON.stringify(s), 'OK'); }
    catch (e) { if (e instanceof ExpressionError) console.log(JSON.stringify(s), e.position, e.reason); else console.log(JSON.stringify(s), 'CRASH', String(e)); }
  }
});
