import { cruiseFolderEdges, folderCycles, folderOf } from './folder-graph';

describe('folders under src/', () => {
  it('import each other in one direction only: no folder cycle, even through different files', () => {
    const edges = cruiseFolderEdges();
    // A broken resolver (no tsconfig, wrong root) would find no imports and pass vacuously.
    expect(edges).toContainEqual({ from: 'src/schedule', to: 'src/jobs' });
    expect(edges.length).toBeGreaterThan(50);
    expect(folderCycles(edges)).toEqual([]);
  });
});

describe('folderCycles', () => {
  it('finds a cycle made of imports in different files of each folder, naming its edges', () => {
    const edges = [
      { from: 'src/a', to: 'src/b' },
      { from: 'src/b', to: 'src/c' },
      { from: 'src/c', to: 'src/a' },
      { from: 'src/c', to: 'src/store' },
      { from: 'src/x', to: 'src/y' },
      { from: 'src/y', to: 'src/x' },
    ];
    expect(folderCycles(edges)).toEqual([
      ['src/a → src/b', 'src/b → src/c', 'src/c → src/a'],
      ['src/x → src/y', 'src/y → src/x'],
    ]);
  });

  it('finds none in a graph where two folders share a third', () => {
    expect(
      folderCycles([
        { from: 'src/a', to: 'src/store' },
        { from: 'src/b', to: 'src/store' },
        { from: 'src/a', to: 'src/b' },
      ]),
    ).toEqual([]);
  });

  it('takes a file’s top-level folder under src/', () => {
    expect(folderOf('src/forward/delivery/batches.ts')).toBe('src/forward');
    expect(folderOf('src/limits.ts')).toBe('src/limits.ts');
  });
});
