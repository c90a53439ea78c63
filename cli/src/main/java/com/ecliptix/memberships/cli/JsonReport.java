package com.ecliptix.memberships.cli;

/** A verb that can print its report as JSON; when asked to, its failures are JSON on standard output too. */
interface JsonReport {

    /** True when the operator asked for JSON ({@code --json}). */
    boolean jsonRequested();
}
