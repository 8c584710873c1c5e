/**
 * `socket-starved`: a connection left in CONNECTING while 6 or more other connections to its
 * host are live over HTTP/1.1. Chrome allows 6 HTTP/1.1 connections per host for the whole
 * profile; the 7th waits with no error. Over HTTP/2 or HTTP/3 streams share one connection and
 * nothing is starved, and where the protocol is unknown nothing is claimed.
 * https://chromium.googlesource.com/chromium/src/+/main/net/socket/client_socket_pool_manager.cc
 */
import { isLive } from '../../model';
import type { LintRule } from '../types';

export const SOCKETS_PER_HOST = 6;

export const socketStarved: LintRule = {
  id: 'socket-starved',
  local: false,
  check(c, context) {
    if (c.readyState !== 0 || !isLive(c)) return null;
    if (context.protocolOf(c) !== 'http/1.1') return null;
    const { live, tabs } = context.liveOnHost(c);
    const others = live - 1;
    if (others < SOCKETS_PER_HOST) return null;
    return { rule: 'socket-starved', evidence: { live: others, tabs, limit: SOCKETS_PER_HOST } };
  },
};
