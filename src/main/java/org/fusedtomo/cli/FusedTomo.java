package org.fusedtomo.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.CancellationException;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code fusedtomo} command line (DESIGN §7). Each sub-command parses its options, builds core
 * objects, makes the core calls and writes outputs. Errors end in one line naming the problem and a
 * non-zero exit: 2 for bad input, 130 when cancelled, 1 otherwise.
 */
@Command(name = "fusedtomo", mixinStandardHelpOptions = true, version = "fusedtomo 0.1.0",
	description = "Fused multi-modal electron tomography: simulate, align, reconstruct, measure.",
	subcommands = { DemoCommand.class, SimulateCommand.class, AlignCommand.class, ReconstructCommand.class, BatchCommand.class, Fused2dCommand.class, InfoCommand.class, StudyCommand.class, TuneCommand.class, FscCommand.class, BenchCommand.class, MapsCommand.class })
public final class FusedTomo {

	private FusedTomo() {}

	public static void main(String[] args) {
		// NB: the launcher enables the module; this tells whoever starts java by hand.
		String notice = org.fusedtomo.parallel.VectorKernels.notice();
		if (notice != null)
			System.err.println("fusedtomo: " + notice);
		System.exit(run(args));
	}

	/**
	 * Runs the command line and returns the exit code, without exiting. The command's outputs are staged
	 * and moved into place only when it succeeds (exit 0); otherwise nothing is left ({@link StagedOutputs}).
	 */
	public static int run(String... args) {
		return run(new PrintWriter(System.err, true), args);
	}

	/** The exit code of one command line and its error line (null when it printed none). */
	public record Outcome(int code, String error) implements java.io.Serializable {}

	/**
	 * Runs the command line as {@link #run(String...)} does (its outputs staged on this thread only, so
	 * several may run at once) and returns the exit code with the error line, which also goes to stderr.
	 */
	public static Outcome runCapturingError(String... args) {
		StringWriter errors = new StringWriter();
		int code = run(new PrintWriter(errors, true), args);
		String text = errors.toString();
		System.err.print(text);
		return new Outcome(code, text.isBlank() ? null : text.strip().lines().findFirst().orElseThrow());
	}

	private static int run(PrintWriter err, String... args) {
		StagedOutputs outputs = StagedOutputs.begin();
		CommandLine cl = commandLine(err);
		int code = 0;
		try {
			code = cl.execute(args);
			if (code == 0)
				outputs.commit();
		}
		catch (IllegalArgumentException | java.io.UncheckedIOException e) {
			CommandLine sub = cl.getParseResult() == null || cl.getParseResult().subcommand() == null ? cl : cl.getParseResult().subcommand().commandSpec().commandLine();
			err.println("fusedtomo " + sub.getCommandName() + ": error: " + e.getMessage());
			code = 2;
		}
		finally {
			outputs.discard();
		}
		return code;
	}

	private static CommandLine commandLine(PrintWriter err) {
		CommandLine cl = new CommandLine(new FusedTomo());
		cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
			if (e instanceof CancellationException) {
				err.println("fusedtomo " + cmd.getCommandName() + ": cancelled; no output was written");
				return 130;
			}
			if (e instanceof IllegalArgumentException || e instanceof java.io.UncheckedIOException || e instanceof java.io.IOException) {
				err.println("fusedtomo " + cmd.getCommandName() + ": error: " + e.getMessage());
				return 2;
			}
			err.println("fusedtomo " + cmd.getCommandName() + ": internal error: " + e);
			e.printStackTrace();
			return 1;
		});
		cl.setParameterExceptionHandler((e, a) -> {
			err.println("fusedtomo: error: " + e.getMessage() + " (see 'fusedtomo " + e.getCommandLine().getCommandName() + " --help')");
			return 2;
		});
		return cl;
	}
}
