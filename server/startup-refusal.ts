/**
 * A reason the server cannot start that the operator fixes in its settings or surroundings (the
 * database, the master key); `flowgate start` prints the message as one line and exits 1.
 */
export class StartupRefusal extends Error {}
