package io.quodock.e2e;

/**
 * What one docker CLI call returned.
 *
 * @param exitCode the CLI's exit status, 0 on success
 * @param stdout everything it wrote to standard output
 * @param stderr everything it wrote to standard error
 */
public record DockerResult(int exitCode, String stdout, String stderr) {
}
