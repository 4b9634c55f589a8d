/**
 * @module core/topology
 * Skydive conventions on top of the graph engine: relation types, typed links with stable
 * edge IDs, the TID rules and the mapping of Linux links to interface node types.
 */
export { hostTID, childTID, withTID } from './tid.js'
export { OWNERSHIP, LAYER2, linkID, getLink, addLink, addOwnershipLink, addLayer2Link, removeLink, ownedChildren } from './links.js'
export { interfaceType, operState, linkFlags } from './interface-type.js'
export { parseFabric, isWildcard, type FabricLink, type FabricNodeDef, type FabricWildcard, type FabricAttrs } from './fabric-parser.js'
export { FabricLinker, fabricNodeID } from './fabric-linker.js'
