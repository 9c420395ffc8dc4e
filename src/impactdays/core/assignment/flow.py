"""Minimum-cost flow for ranked workshop choices: the primal-dual algorithm with potentials.

Method: the primal-dual (successive shortest path) algorithm with node potentials (Edmonds and
Karp, J. ACM 19(2), 1972; Tomizawa, Networks 1(2), 1971; Ahuja, Magnanti and Orlin, *Network
Flows*, 1993, §9.7 and §9.8). Each phase runs one Dijkstra search on reduced costs from every
unplaced participant at once, stopped when the sink is settled, and moves the potentials so that
the shortest paths cost zero; then depth-first searches augment along zero-reduced-cost paths as
long as they find any (a blocking flow in the manner of Dinic, Soviet Math. Doklady 11, 1970).
Costs are small integers, so few phases place everyone; placing participants one search at a time
(this module's first version) took 13 times as long for rank-maximal at 20,000 x 200, whose 0/1
stage costs tie almost everywhere.

The network is kept compact. Node ``p < n`` is a participant, ``n + w`` a workshop, ``n + m`` the
*unranked hub* and ``n + m + 1`` the sink. A participant has one arc per allowed listed workshop
(its rank cost) and, unless told otherwise, one arc to the hub (the cost of an unranked seat); the hub
reaches every workshop at no cost. A ranked list of length ``r`` for ``m`` workshops thus needs
``r + 1`` arcs per participant instead of ``m``. The hub loses which participant sits in which
unranked workshop; ``assignment.solver`` restores that by a matching that respects forbidden pairs.
Workshop ``w`` reaches the sink through an arc of capacity ``capacity[w]`` and cost ``sink_cost[w]``.

The final potentials are an optimal dual solution: every residual arc has a non-negative reduced
cost, which ``assignment.solver`` checks (the certificate behind ``is_optimal``) and uses
(complementary slackness) to fix the optimal face before optimising the next criterion of a
lexicographic objective.
"""

import numpy as np
import numpy.typing as npt
from numba import njit

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

INFINITY = np.int64(2**62)
NO_HUB = -1  # ``hub_cost[p]``: participant p has no arc to the hub
HUB = -1  # ``arc_of[p]``: participant p sits in an unranked workshop through the hub
UNPLACED = -2  # ``arc_of[p]``: participant p is not placed (only after a failure)


@njit(cache=True, nogil=True)
def _push(
    heap_key: IntArray,
    heap_order: IntArray,
    heap_node: IntArray,
    size: int,
    key: int,
    order: int,
    node: int,
) -> int:
    """Push ``(key, node)`` on the binary heap of ``size`` entries; return the new size.

    Among equal keys the smallest ``order`` comes out first (the caller passes minus a push
    counter, so the newest entry): with the many ties of small integer costs
    the search then runs depth-first towards a free seat instead of flooding a plateau.
    """
    position = size
    while position > 0:
        parent = (position - 1) // 2
        if heap_key[parent] < key or (heap_key[parent] == key and heap_order[parent] <= order):
            break
        heap_key[position] = heap_key[parent]
        heap_order[position] = heap_order[parent]
        heap_node[position] = heap_node[parent]
        position = parent
    heap_key[position] = key
    heap_order[position] = order
    heap_node[position] = node
    return size + 1


@njit(cache=True, nogil=True)
def _pop(
    heap_key: IntArray, heap_order: IntArray, heap_node: IntArray, size: int
) -> tuple[int, int, int]:
    """Pop the smallest entry of the heap; return ``(key, node, new size)``."""
    key = heap_key[0]
    node = heap_node[0]
    size -= 1
    last_key = heap_key[size]
    last_order = heap_order[size]
    last_node = heap_node[size]
    position = 0
    while True:
        child = 2 * position + 1
        if child >= size:
            break
        if child + 1 < size and (
            heap_key[child + 1] < heap_key[child]
            or (
                heap_key[child + 1] == heap_key[child] and heap_order[child + 1] < heap_order[child]
            )
        ):
            child += 1
        if heap_key[child] > last_key or (
            heap_key[child] == last_key and heap_order[child] >= last_order
        ):
            break
        heap_key[position] = heap_key[child]
        heap_order[position] = heap_order[child]
        heap_node[position] = heap_node[child]
        position = child
    if size > 0:
        heap_key[position] = last_key
        heap_order[position] = last_order
        heap_node[position] = last_node
    return key, node, size


@njit(cache=True, nogil=True)
def min_cost_flow(
    arc_start: IntArray,
    arc_workshop: IntArray,
    arc_cost: IntArray,
    hub_cost: IntArray,
    hub_open: BoolArray,
    capacity: IntArray,
    sink_cost: IntArray,
) -> tuple[int, IntArray, IntArray, IntArray]:
    """Place every participant at minimum total cost; return ``(placed, arc_of, hub_flow, potential)``.

    Preconditions: participant ``p``'s arcs are ``arc_start[p]:arc_start[p + 1]`` (workshop index,
    non-negative cost); ``hub_cost[p]`` is the non-negative cost of its hub arc or ``NO_HUB``; the hub
    reaches workshop ``w`` only where ``hub_open[w]``; costs are non-negative. Effects: none on the
    inputs. ``arc_of[p]`` is the arc index used, ``HUB`` or ``UNPLACED``; ``hub_flow[w]`` counts the
    hub's participants in ``w``. ``placed < n`` means no flow places everyone: the participants after
    the first unplaceable one stay ``UNPLACED`` and the potentials are not a dual certificate.
    """
    n = arc_start.shape[0] - 1
    m = capacity.shape[0]
    hub = n + m
    sink = n + m + 1
    nodes = n + m + 2
    arc_of = np.full(n, UNPLACED, dtype=np.int64)
    hub_flow = np.zeros(m, dtype=np.int64)
    potential = np.zeros(nodes, dtype=np.int64)
    # Direct members of each workshop, in a flat array with a block of capacity[w] slots per workshop.
    member_start = np.zeros(m + 1, dtype=np.int64)
    for w in range(m):
        member_start[w + 1] = member_start[w] + capacity[w]
    members = np.empty(member_start[m] + 1, dtype=np.int64)
    member_count = np.zeros(m, dtype=np.int64)
    member_position = np.zeros(n, dtype=np.int64)
    hub_members = np.empty(max(n, 1), dtype=np.int64)
    hub_count = 0
    hub_position = np.zeros(n, dtype=np.int64)

    distance = np.full(nodes, INFINITY, dtype=np.int64)
    parent_arc = np.full(nodes, -1, dtype=np.int64)
    settled = np.zeros(nodes, dtype=np.bool_)
    touched = np.empty(nodes, dtype=np.int64)
    heap_size_bound = arc_start[n] + 3 * n + 3 * m + 4
    heap_key = np.empty(heap_size_bound, dtype=np.int64)
    heap_order = np.empty(heap_size_bound, dtype=np.int64)
    heap_node = np.empty(heap_size_bound, dtype=np.int64)
    path = np.empty(nodes, dtype=np.int64)

    iterator = np.zeros(nodes, dtype=np.int64)
    dead = np.zeros(nodes, dtype=np.bool_)
    in_stack = np.zeros(nodes, dtype=np.bool_)
    stack = np.empty(nodes, dtype=np.int64)
    placed = 0
    while placed < n:
        # Phase 1: Dijkstra from every unplaced participant at once, stopped at the sink.
        touched_count = 0
        pushes = 0
        size = 0
        for p in range(n):
            if arc_of[p] == UNPLACED:
                distance[p] = 0
                touched[touched_count] = p
                touched_count += 1
                pushes += 1
                size = _push(heap_key, heap_order, heap_node, size, 0, pushes, p)
        while size > 0:
            d, u, size = _pop(heap_key, heap_order, heap_node, size)
            if settled[u] or d > distance[u]:
                continue
            if distance[sink] <= d:  # nothing left can shorten the path to the sink
                settled[sink] = True
                break
            settled[u] = True
            if u == sink:
                break
            if u < n:
                for a in range(arc_start[u], arc_start[u + 1]):
                    if a == arc_of[u]:
                        continue
                    v = n + arc_workshop[a]
                    nd = d + arc_cost[a] + potential[u] - potential[v]
                    if nd < distance[v]:
                        if distance[v] == INFINITY:
                            touched[touched_count] = v
                            touched_count += 1
                        distance[v] = nd
                        pushes += 1
                        size = _push(heap_key, heap_order, heap_node, size, nd, pushes, v)
                if hub_cost[u] != NO_HUB and arc_of[u] != HUB:
                    nd = d + hub_cost[u] + potential[u] - potential[hub]
                    if nd < distance[hub]:
                        if distance[hub] == INFINITY:
                            touched[touched_count] = hub
                            touched_count += 1
                        distance[hub] = nd
                        pushes += 1
                        size = _push(heap_key, heap_order, heap_node, size, nd, pushes, hub)
            elif u < hub:
                w = u - n
                if member_count[w] + hub_flow[w] < capacity[w]:
                    nd = d + sink_cost[w] + potential[u] - potential[sink]
                    if nd < distance[sink]:
                        if distance[sink] == INFINITY:
                            touched[touched_count] = sink
                            touched_count += 1
                        distance[sink] = nd
                        pushes += 1
                        size = _push(heap_key, heap_order, heap_node, size, nd, pushes, sink)
                for slot in range(member_start[w], member_start[w] + member_count[w]):
                    q = members[slot]
                    nd = d - arc_cost[arc_of[q]] + potential[u] - potential[q]
                    if nd < distance[q]:
                        if distance[q] == INFINITY:
                            touched[touched_count] = q
                            touched_count += 1
                        distance[q] = nd
                        pushes += 1
                        size = _push(heap_key, heap_order, heap_node, size, nd, pushes, q)
                if hub_flow[w] > 0:
                    nd = d + potential[u] - potential[hub]
                    if nd < distance[hub]:
                        if distance[hub] == INFINITY:
                            touched[touched_count] = hub
                            touched_count += 1
                        distance[hub] = nd
                        pushes += 1
                        size = _push(heap_key, heap_order, heap_node, size, nd, pushes, hub)
            else:
                for w in range(m):
                    if not hub_open[w]:
                        continue
                    v = n + w
                    nd = d + potential[u] - potential[v]
                    if nd < distance[v]:
                        if distance[v] == INFINITY:
                            touched[touched_count] = v
                            touched_count += 1
                        distance[v] = nd
                        pushes += 1
                        size = _push(heap_key, heap_order, heap_node, size, nd, pushes, v)
                for index in range(hub_count):
                    q = hub_members[index]
                    nd = d - hub_cost[q] + potential[u] - potential[q]
                    if nd < distance[q]:
                        if distance[q] == INFINITY:
                            touched[touched_count] = q
                            touched_count += 1
                        distance[q] = nd
                        pushes += 1
                        size = _push(heap_key, heap_order, heap_node, size, nd, pushes, q)
            if distance[sink] <= d:  # every node left is at least as far: the sink is final
                settled[sink] = True
                break

        reached = settled[sink]
        # Potentials of the settled nodes move by (distance - distance to the sink): reduced costs
        # stay non-negative and every shortest path to the sink gets a reduced cost of zero.
        reach = distance[sink]
        for index in range(touched_count):
            v = touched[index]
            if reached and settled[v]:
                potential[v] += distance[v] - reach
            distance[v] = INFINITY
            settled[v] = False
        if not reached:
            return placed, arc_of, hub_flow, potential

        # Phase 2: augment along paths of zero reduced cost, depth first from each unplaced
        # participant (a blocking flow in the manner of Dinic; a node whose search failed is
        # skipped for the rest of the pass). The first search that can succeed does, because
        # no node is wrongly skipped before the first augmentation: every phase places someone.
        # Passes repeat while they place someone: augmenting opens new zero-cost arcs, and a
        # pass costs far less than the next Dijkstra.
        while True:
            progress = 0
            iterator[:] = 0
            dead[:] = False
            for origin in range(n):
                if arc_of[origin] != UNPLACED:
                    continue
                depth = 0
                stack[0] = origin
                in_stack[origin] = True
                while depth >= 0:
                    u = stack[depth]
                    if u == sink:
                        break
                    k = iterator[u]
                    v = -1
                    if u < n:
                        degree = arc_start[u + 1] - arc_start[u]
                        while k <= degree:
                            if k < degree:
                                a = arc_start[u] + k
                                t = n + arc_workshop[a]
                                if (
                                    a != arc_of[u]
                                    and arc_cost[a] + potential[u] - potential[t] == 0
                                    and not dead[t]
                                    and not in_stack[t]
                                ):
                                    v = t
                                    parent_arc[t] = a
                                    break
                            elif (
                                hub_cost[u] != NO_HUB
                                and arc_of[u] != HUB
                                and hub_cost[u] + potential[u] - potential[hub] == 0
                                and not dead[hub]
                                and not in_stack[hub]
                            ):
                                v = hub
                                break
                            k += 1
                    elif u < hub:
                        w = u - n
                        while k <= member_count[w] + 1:
                            if k == 0:
                                if (
                                    member_count[w] + hub_flow[w] < capacity[w]
                                    and sink_cost[w] + potential[u] - potential[sink] == 0
                                ):
                                    v = sink
                                    break
                            elif k <= member_count[w]:
                                q = members[member_start[w] + k - 1]
                                if (
                                    potential[u] - arc_cost[arc_of[q]] - potential[q] == 0
                                    and not dead[q]
                                    and not in_stack[q]
                                ):
                                    v = q
                                    break
                            elif (
                                hub_flow[w] > 0
                                and potential[u] - potential[hub] == 0
                                and not dead[hub]
                                and not in_stack[hub]
                            ):
                                v = hub
                                break
                            k += 1
                    else:
                        while k < m + hub_count:
                            if k < m:
                                t = n + k
                                if (
                                    hub_open[k]
                                    and potential[u] - potential[t] == 0
                                    and not dead[t]
                                    and not in_stack[t]
                                ):
                                    v = t
                                    break
                            else:
                                q = hub_members[k - m]
                                if (
                                    potential[u] - hub_cost[q] - potential[q] == 0
                                    and not dead[q]
                                    and not in_stack[q]
                                ):
                                    v = q
                                    break
                            k += 1
                    iterator[u] = k
                    if v < 0:
                        dead[u] = True
                        in_stack[u] = False
                        depth -= 1
                    else:
                        depth += 1
                        stack[depth] = v
                        in_stack[v] = True
                if depth < 0:
                    continue

                # The path, sink first; then every leave before every join, so no block overflows.
                length = depth + 1
                for index in range(length):
                    path[index] = stack[depth - index]
                    in_stack[stack[index]] = False
                for index in range(length - 1):
                    v = path[index]
                    u = path[index + 1]
                    if v < n:  # v leaves its seat: u is v's workshop or the hub
                        if u == hub:
                            last = hub_members[hub_count - 1]
                            hub_members[hub_position[v]] = last
                            hub_position[last] = hub_position[v]
                            hub_count -= 1
                        else:
                            w = u - n
                            end = member_start[w] + member_count[w] - 1
                            last = members[end]
                            members[member_position[v]] = last
                            member_position[last] = member_position[v]
                            member_count[w] -= 1
                    elif v == hub and u >= n:  # the hub gives back a seat of workshop u
                        hub_flow[u - n] -= 1
                for index in range(length - 1):
                    v = path[index]
                    u = path[index + 1]
                    if u < n:  # u takes a seat: in workshop v or through the hub
                        if v == hub:
                            arc_of[u] = HUB
                            hub_members[hub_count] = u
                            hub_position[u] = hub_count
                            hub_count += 1
                        else:
                            w = v - n
                            arc_of[u] = parent_arc[v]
                            slot = member_start[w] + member_count[w]
                            members[slot] = u
                            member_position[u] = slot
                            member_count[w] += 1
                    elif u == hub and n <= v < hub:  # the hub takes a seat of workshop v
                        hub_flow[v - n] += 1
                placed += 1
                progress += 1
            if progress == 0:
                break
    return n, arc_of, hub_flow, potential


def load_kernel() -> None:
    """Load (or compile) the kernel now, so that a later call's timing is the solve alone."""
    empty = np.zeros(0, dtype=np.int64)
    min_cost_flow(
        np.zeros(1, dtype=np.int64),
        empty,
        empty,
        empty,
        np.zeros(0, dtype=np.bool_),
        empty,
        empty,
    )
