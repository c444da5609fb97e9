/**
 * A layered ("Sugiyama") layout of a workflow graph, left to right, written for this editor rather
 * than taken from dagre: dagre needs 2–8 s for 1,000 nodes and knows no ports, so a condition's
 * False branch could land above its True branch. Framework-free and serialisable in and out, so it
 * runs in a Web Worker.
 *
 * 1. Ranks: longest path from the sources (edges that close a cycle are ignored); a source that
 *    feeds later ranks only moves up next to its first target.
 * 2. Edges that span several ranks get a chain of dummy points, which keep room for the edge.
 * 3. Order in each rank: start from the nodes' current heights, then sweep down and up with the
 *    barycentre of the neighbours, where an edge leaves its node at its port's place (True above
 *    False, a switch's cases in order). The order with the fewest crossings wins.
 * 4. Heights: each rank is placed as near as it can be to where its edges come from (down
 *    sweeps) or go to (up sweeps) without overlapping, by isotonic regression, so edges run
 *    straight where the graph allows.
 */

/** A node to lay out: its size, where its ports' handles are (from its top), its height now. */
export interface LayoutNode {
  readonly id: string;
  readonly width: number;
  readonly height: number;
  /** The output ports, top to bottom, with their handle's centre from the node's top. */
  readonly outputs: readonly { readonly name: string; readonly y: number }[];
  /** The centre of the (first) input handle from the node's top. */
  readonly inputY: number;
  /** The node's current top: the first order of each rank keeps the user's top-to-bottom order. */
  readonly y: number;
}

/** An edge to lay out: from a node's output port to a node. */
export interface LayoutEdge {
  readonly source: string;
  readonly port: string;
  readonly target: string;
}

/** The graph the layout reads. */
export interface LayoutGraph {
  readonly nodes: readonly LayoutNode[];
  readonly edges: readonly LayoutEdge[];
}

/** Horizontal space between ranks, room for edges and their arrows. */
export const RANK_GAP = 100;
/** Vertical space between two nodes of a rank. */
export const NODE_GAP = 40;
/** Room kept in a rank for an edge passing through it. */
const DUMMY_SIZE = 16;
/** Sweeps of the ordering (each down and up). */
const ORDER_SWEEPS = 6;
/** Passes of the height placement (each down and up). */
const PLACE_PASSES = 4;

/** A point in the layered graph: a node, or a dummy on a long edge. */
interface Point {
  readonly id: number;
  readonly node: LayoutNode | undefined;
  readonly rank: number;
  readonly height: number;
  readonly inputY: number;
  /** Port name → handle offset from the top, and its relative place among the outputs (-0.5..0.5). */
  readonly ports: ReadonlyMap<string, { y: number; place: number }>;
  readonly ins: Link[];
  readonly outs: Link[];
}

/** An edge between points of adjacent ranks. */
interface Link {
  readonly from: Point;
  readonly to: Point;
  /** Where the edge leaves `from`: a port handle's offset from its top and its relative place. */
  readonly fromY: number;
  readonly place: number;
}

/** Top-left positions of every node of the graph, in whole pixels. */
export function layeredLayout(graph: LayoutGraph): Map<string, { x: number; y: number }> {
  const ranks = rankPoints(graph);
  orderRanks(ranks);
  const ys = placeHeights(ranks);
  const result = new Map<string, { x: number; y: number }>();
  let x = 0;
  for (const rank of ranks) {
    let width = 0;
    for (const point of rank) {
      if (!point.node) continue;
      result.set(point.node.id, { x: Math.round(x), y: Math.round(ys.get(point) ?? 0) });
      width = Math.max(width, point.node.width);
    }
    x += (width || DUMMY_SIZE) + RANK_GAP;
  }
  return normalise(result, graph.nodes);
}

/** Keeps the layout where the workflow was: its top-left corner stays at the old one's. */
function normalise(positions: Map<string, { x: number; y: number }>, nodes: readonly LayoutNode[]): Map<string, { x: number; y: number }> {
  if (positions.size === 0) return positions;
  let minX = Infinity;
  let minY = Infinity;
  for (const position of positions.values()) {
    minX = Math.min(minX, position.x);
    minY = Math.min(minY, position.y);
  }
  const top = Math.min(...nodes.map((node) => node.y));
  for (const position of positions.values()) {
    position.x -= minX;
    position.y += Math.round(top - minY);
  }
  return positions;
}

/** The ranks of the graph's points, dummies included, each in its first order. */
function rankPoints(graph: LayoutGraph): Point[][] {
  const index = new Map(graph.nodes.map((node, position) => [node.id, position]));
  const edges = graph.edges.filter((edge) => edge.source !== edge.target && index.has(edge.source) && index.has(edge.target));
  const forward = acyclic(graph.nodes.length, edges.map((edge) => [index.get(edge.source) as number, index.get(edge.target) as number] as const));
  const kept = edges.filter((_edge, position) => forward[position]);
  const rank = longestPathRanks(graph.nodes.length, kept.map((edge) => [index.get(edge.source) as number, index.get(edge.target) as number] as const));

  let nextId = 0;
  const points: Point[] = graph.nodes.map((node, position) => {
    const count = node.outputs.length;
    const ports = new Map(node.outputs.map((port, place) => [port.name, { y: port.y, place: count <= 1 ? 0 : place / (count - 1) - 0.5 }]));
    return { id: nextId++, node, rank: rank[position] as number, height: node.height, inputY: node.inputY, ports, ins: [], outs: [] };
  });
  const ranks: Point[][] = [];
  for (const point of points) (ranks[point.rank] ??= []).push(point);
  const link = (from: Point, to: Point, fromY: number, place: number) => {
    const created: Link = { from, to, fromY, place };
    from.outs.push(created);
    to.ins.push(created);
  };
  for (const edge of kept) {
    const from = points[index.get(edge.source) as number] as Point;
    const to = points[index.get(edge.target) as number] as Point;
    const port = from.ports.get(edge.port) ?? { y: from.height / 2, place: 0 };
    let previous = from;
    let fromY = port.y;
    let place = port.place;
    for (let between = from.rank + 1; between < to.rank; between++) {
      const dummy: Point = { id: nextId++, node: undefined, rank: between, height: DUMMY_SIZE, inputY: DUMMY_SIZE / 2, ports: new Map(), ins: [], outs: [] };
      (ranks[between] ??= []).push(dummy);
      link(previous, dummy, fromY, place);
      previous = dummy;
      fromY = DUMMY_SIZE / 2;
      place = 0;
    }
    link(previous, to, fromY, place);
  }
  // The first order: the user's own, top to bottom (a dummy goes where its edge starts).
  const startY = (point: Point): number => point.node?.y ?? startY((point.ins[0] as Link).from);
  for (const points of ranks) points.sort((a, b) => startY(a) - startY(b) || a.id - b.id);
  return Array.from(ranks, (points) => points ?? []);
}

/** Which edges to keep so the graph has no cycle: those not closing one in a depth-first search. */
function acyclic(count: number, edges: readonly (readonly [number, number])[]): boolean[] {
  const outs: number[][] = Array.from({ length: count }, () => []);
  edges.forEach(([source], position) => outs[source]?.push(position));
  const state = new Uint8Array(count);
  const keep = edges.map(() => true);
  for (let root = 0; root < count; root++) {
    if (state[root] !== 0) continue;
    const stack: [number, number][] = [[root, 0]];
    state[root] = 1;
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as [number, number];
      const [node, next] = top;
      const edge = outs[node]?.[next];
      if (edge === undefined) {
        state[node] = 2;
        stack.pop();
        continue;
      }
      top[1]++;
      const target = (edges[edge] as readonly [number, number])[1];
      if (state[target] === 1) keep[edge] = false;
      else if (state[target] === 0) {
        state[target] = 1;
        stack.push([target, 0]);
      }
    }
  }
  return keep;
}

/** Longest-path ranks over an acyclic graph; a source moves up next to its nearest target. */
function longestPathRanks(count: number, edges: readonly (readonly [number, number])[]): number[] {
  const outs: number[][] = Array.from({ length: count }, () => []);
  const indegree = new Array<number>(count).fill(0);
  for (const [source, target] of edges) {
    outs[source]?.push(target);
    indegree[target] = (indegree[target] ?? 0) + 1;
  }
  const rank = new Array<number>(count).fill(0);
  const queue: number[] = [];
  for (let node = 0; node < count; node++) if (indegree[node] === 0) queue.push(node);
  const sources = [...queue];
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head] as number;
    for (const target of outs[node] ?? []) {
      rank[target] = Math.max(rank[target] ?? 0, (rank[node] ?? 0) + 1);
      indegree[target] = (indegree[target] ?? 0) - 1;
      if (indegree[target] === 0) queue.push(target);
    }
  }
  for (const source of sources) {
    const targets = outs[source] ?? [];
    if (targets.length > 0) rank[source] = Math.max(0, Math.min(...targets.map((target) => rank[target] ?? 0)) - 1);
  }
  return rank;
}

/** Reorders each rank to reduce crossings, by barycentre sweeps; keeps the best order seen. */
function orderRanks(ranks: Point[][]): void {
  const position = new Map<Point, number>();
  const index = () => ranks.forEach((rank) => rank.forEach((point, place) => position.set(point, place)));
  index();
  let best = ranks.map((rank) => [...rank]);
  let fewest = crossings(ranks, position);
  for (let sweep = 0; sweep < ORDER_SWEEPS && fewest > 0; sweep++) {
    for (let rank = 1; rank < ranks.length; rank++) {
      sortBy(ranks[rank] as Point[], position, (point) => point.ins.map((link) => (position.get(link.from) as number) + link.place));
    }
    index();
    for (let rank = ranks.length - 2; rank >= 0; rank--) {
      sortBy(ranks[rank] as Point[], position, (point) => point.outs.map((link) => position.get(link.to) as number));
    }
    index();
    // End on a downward sweep: that is the one that puts each port's targets in port order.
    for (let rank = 1; rank < ranks.length; rank++) {
      sortBy(ranks[rank] as Point[], position, (point) => point.ins.map((link) => (position.get(link.from) as number) + link.place));
    }
    index();
    const count = crossings(ranks, position);
    if (count < fewest) {
      fewest = count;
      best = ranks.map((rank) => [...rank]);
    }
  }
  best.forEach((rank, place) => (ranks[place] = rank));
}

/** Sorts a rank by the mean of each point's neighbour places; points without neighbours keep theirs. */
function sortBy(rank: Point[], position: ReadonlyMap<Point, number>, neighbours: (point: Point) => number[]): void {
  const keys = new Map<Point, number>();
  for (const point of rank) {
    const places = neighbours(point);
    keys.set(point, places.length === 0 ? (position.get(point) as number) : places.reduce((sum, place) => sum + place, 0) / places.length);
  }
  rank.sort((a, b) => (keys.get(a) as number) - (keys.get(b) as number) || (position.get(a) as number) - (position.get(b) as number));
}

/**
 * Edge crossings between adjacent ranks, with edges leaving at their port's place: a False edge
 * that passes above its True sibling counts as a crossing, as it looks like one.
 */
function crossings(ranks: Point[][], position: ReadonlyMap<Point, number>): number {
  let total = 0;
  for (let rank = 0; rank + 1 < ranks.length; rank++) {
    const links = (ranks[rank] as Point[]).flatMap((point) => point.outs).map((link) => ({ from: (position.get(link.from) as number) + link.place, to: position.get(link.to) as number }));
    links.sort((a, b) => a.from - b.from || a.to - b.to);
    total += inversions(links.map((link) => link.to));
  }
  return total;
}

/** Pairs out of order in a list (merge sort), O(n log n). */
function inversions(values: number[]): number {
  if (values.length < 2) return 0;
  const middle = values.length >> 1;
  const left = values.slice(0, middle);
  const right = values.slice(middle);
  let count = inversions(left) + inversions(right);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < left.length && j < right.length) {
    if ((left[i] as number) <= (right[j] as number)) values[k++] = left[i++] as number;
    else {
      values[k++] = right[j++] as number;
      count += left.length - i;
    }
  }
  while (i < left.length) values[k++] = left[i++] as number;
  while (j < right.length) values[k++] = right[j++] as number;
  return count;
}

/** Places the points of each rank, in order, as near as they can be to their edges' other ends. */
function placeHeights(ranks: Point[][]): Map<Point, number> {
  const ys = new Map<Point, number>();
  for (const rank of ranks) {
    let y = 0;
    for (const point of rank) {
      ys.set(point, y);
      y += point.height + gapAfter(point);
    }
  }
  const fromAbove = (point: Point) => point.ins.map((link) => (ys.get(link.from) as number) + link.fromY - point.inputY);
  const fromBelow = (point: Point) => point.outs.map((link) => (ys.get(link.to) as number) + link.to.inputY - link.fromY);
  for (let pass = 0; pass < PLACE_PASSES; pass++) {
    for (let rank = 1; rank < ranks.length; rank++) place(ranks[rank] as Point[], fromAbove, ys);
    for (let rank = ranks.length - 2; rank >= 0; rank--) place(ranks[rank] as Point[], fromBelow, ys);
  }
  for (let rank = 1; rank < ranks.length; rank++) place(ranks[rank] as Point[], fromAbove, ys);
  return ys;
}

function gapAfter(point: Point): number {
  return point.node ? NODE_GAP : NODE_GAP / 4;
}

/**
 * Puts a rank's points as near to their wanted tops as they can be while keeping their order and
 * gaps: isotonic regression (pool adjacent violators) over the wanted tops less each point's
 * offset in a tight stack. A point with no edges that way wants to stay where it is.
 */
function place(rank: readonly Point[], wanted: (point: Point) => number[], ys: Map<Point, number>): void {
  const offsets: number[] = [];
  let offset = 0;
  for (const point of rank) {
    offsets.push(offset);
    offset += point.height + gapAfter(point);
  }
  const blocks: { sum: number; count: number }[] = [];
  rank.forEach((point, place) => {
    const tops = wanted(point);
    const top = tops.length === 0 ? (ys.get(point) as number) : tops.reduce((sum, value) => sum + value, 0) / tops.length;
    blocks.push({ sum: top - (offsets[place] as number), count: 1 });
    while (blocks.length > 1) {
      const last = blocks[blocks.length - 1] as { sum: number; count: number };
      const before = blocks[blocks.length - 2] as { sum: number; count: number };
      if (before.sum / before.count <= last.sum / last.count) break;
      blocks.pop();
      before.sum += last.sum;
      before.count += last.count;
    }
  });
  let place = 0;
  for (const block of blocks) {
    const level = block.sum / block.count;
    for (let step = 0; step < block.count; step++, place++) ys.set(rank[place] as Point, level + (offsets[place] as number));
  }
}
