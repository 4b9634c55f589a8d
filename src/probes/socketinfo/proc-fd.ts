/**
 * Small readers of /proc/<pid>/fd: fd counts and socket inodes of fd links.
 */
import { readlinkSync, statSync } from 'node:fs'

/** Size of a /proc/<pid>/fd directory: its open fd count on Linux ≥ 6.2; -1 when gone. */
export function fdDirSize(dir: string): number {
  try {
    return statSync(dir).size
  } catch {
    return -1
  }
}

/** The inode of an fd link `socket:[inode]`, 0 for anything else. */
export function socketInode(target: string): number {
  return target.startsWith('socket:[') ? Number(target.slice(8, -1)) : 0
}

/** The target of a link; undefined when it is gone or unreadable. */
export function readLink(path: string): string | undefined {
  try {
    return readlinkSync(path)
  } catch {
    return undefined
  }
}
