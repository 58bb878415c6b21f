package org.fusedtomo.report;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.fusedtomo.study.StudyMethod;
import org.fusedtomo.study.StudyParameters;
import org.fusedtomo.study.SimulationStudy;
import org.fusedtomo.study.StudyRow;

/** The simulation study as a Markdown page: protocol, tables, the headline ratio and pictures. */
public final class StudyMarkdown {

	private StudyMarkdown() {}

	public static String of(StudyParameters p, List<StudyRow> rows, int headlineTilts, double minutes, String command) {
		StringBuilder s = new StringBuilder();
		s.append("# Simulation study: fused against chemistry-only reconstruction\n\n");
		s.append("Made by `").append(command).append("` in ").append(String.format(Locale.ROOT, "%.1f", minutes))
			.append(" minutes on ").append(Runtime.getRuntime().availableProcessors()).append(" cores (Java ").append(System.getProperty("java.version")).append(").\n\n");
		s.append("## Protocol\n\n");
		s.append("- Phantom `").append(p.phantom()).append("`, ").append(p.size()).append("³ voxels, seed ").append(p.seed()).append(" (phantom and noise).\n");
		s.append("- HAADF: −70° to +70° every 3° (47 tilts), Z^1.6 contrast, Poisson noise at 10⁴ electrons at the brightest pixel.\n");
		s.append("- Chemical maps: n tilts evenly over ±60° (n ≤ 9; 9 tilts = every 15°) or ±70° (n ≥ 10; 47 tilts = the HAADF tilts), Poisson counts with the given mean per object pixel. Chemical dose = n × counts.\n");
		s.append("- Fused, isotropic TV (the reference cost): both solvers with fixed settings for the whole grid: λ_H = ").append(p.reference().lambdaHaadf()).append(", λ_C = ").append(p.reference().lambdaChem())
			.append(", λ_TV = ").append(p.reference().lambdaTv()).append(", γ = ").append(p.reference().gamma()).append(", ").append(p.reference().iterations())
			.append(" iterations after ").append(p.reference().emIterations()).append(" EM iterations; chosen beforehand on seed 1, not on this seed.\n");
		String weighting = p.guided().model().countWeighted() ? "each element weighted by its count level, λ_C per count and λ_TV per √count" : "λ on data normalised to 1";
		s.append("- Fused, guided TV (the product's default unless flags change it): the proximal-gradient solver with HAADF-guided directional TV, guide weight ")
			.append(p.guided().tvGuide()).append(", ").append(weighting).append(", λ_C = ").append(p.guided().lambdaChem()).append(", λ_TV = ").append(p.guided().lambdaTv())
			.append(", ").append(p.guided().iterations()).append(" iterations after ").append(p.guided().emIterations())
			.append(" EM iterations; chosen beforehand on seed 1, not on this seed.\n");
		s.append("- Conventional, on each chemical series alone, each given an oracle: EM and SIRT stop at the iteration (≤ ").append(p.conventionalIterations())
			.append(") with the lowest NRMSE against the truth; TV (").append(SimulationStudy.TV_ITERATIONS).append(" FISTA iterations) takes the best λ of ").append(Arrays.toString(p.tvLambdas())).append(" (data scaled to a maximum of 1). No real experiment can do this, so the baselines are optimistic.\n");
		s.append("- NRMSE as DESIGN §5 (scale-invariant), per element, and its mean over elements.\n\n");

		s.append("## Headline\n\n");
		for (double c : p.countsLevels()) {
			Optional<StudyRow> fused = row(rows, headlineTilts, c, StudyMethod.FUSED_GUIDED);
			Optional<StudyRow> reference = row(rows, headlineTilts, c, StudyMethod.FUSED_REFERENCE);
			Optional<StudyRow> best = bestConventional(rows, headlineTilts, c);
			if (fused.isEmpty() || best.isEmpty())
				continue;
			double conventional = best.get().meanNrmse();
			s.append(String.format(Locale.ROOT, "- %d chemical tilts at %.0f counts: fused (guided TV) %.3f, best conventional %.3f (%s): ratio **%.2f** (target ≤ 0.33). ",
				headlineTilts, c, fused.get().meanNrmse(), conventional, best.get().method().label(), fused.get().meanNrmse() / conventional));
			s.append(tiltsToMatch(rows, p, c, fused.get().meanNrmse()));
			reference.ifPresent(r -> s.append(String.format(Locale.ROOT, " The reference scheme with isotropic TV: %.3f, ratio %.2f.", r.meanNrmse(), r.meanNrmse() / conventional)));
			s.append('\n');
		}
		s.append("\n![NRMSE vs dose](study/nrmse-vs-dose.png)\n\n");

		s.append("## Mean NRMSE over elements\n\n").append(header());
		for (int n : p.chemTiltCounts())
			for (double c : p.countsLevels()) {
				s.append(String.format(Locale.ROOT, "| %d | %.0f |", n, c));
				for (StudyMethod m : StudyMethod.values())
					s.append(row(rows, n, c, m).map(r -> String.format(Locale.ROOT, " %.3f |", r.meanNrmse())).orElse(" |"));
				s.append('\n');
			}
		s.append("\n## Per element at ").append(headlineTilts).append(" chemical tilts\n\n");
		List<String> elements = rows.isEmpty() ? List.of() : rows.get(0).nrmse().keySet().stream().sorted().toList();
		s.append("| counts | method |");
		elements.forEach(e -> s.append(' ').append(e).append(" |"));
		s.append("\n|---|---|").append("---|".repeat(elements.size())).append('\n');
		for (double c : p.countsLevels())
			for (StudyMethod m : StudyMethod.values())
				row(rows, headlineTilts, c, m).ifPresent(r -> {
					s.append(String.format(Locale.ROOT, "| %.0f | %s |", c, m.label()));
					elements.forEach(e -> s.append(String.format(Locale.ROOT, " %.3f |", r.nrmse().get(e))));
					s.append('\n');
				});
		s.append("\n## Orthoslices at ").append(headlineTilts).append(" chemical tilts, ").append(String.format(Locale.ROOT, "%.0f", p.countsLevels()[p.countsLevels().length / 2]))
			.append(" counts\n\nTruth, fused (guided TV) and EM at its best iteration, per element.\n\n");
		s.append("![orthoslices](study/orthoslices-").append(headlineTilts).append("-tilts.png)\n");
		return s.toString();
	}

	private static String header() {
		StringBuilder s = new StringBuilder("| tilts | counts |");
		for (StudyMethod m : StudyMethod.values())
			s.append(' ').append(m.label()).append(" |");
		return s.append("\n|---|---|").append("---|".repeat(StudyMethod.values().length)).append('\n').toString();
	}

	private static Optional<StudyRow> row(List<StudyRow> rows, int n, double c, StudyMethod m) {
		return rows.stream().filter(r -> r.chemTilts() == n && r.countsPerPixel() == c && r.method() == m).findFirst();
	}

	private static Optional<StudyRow> bestConventional(List<StudyRow> rows, int n, double c) {
		return rows.stream().filter(r -> r.chemTilts() == n && r.countsPerPixel() == c && !r.method().isFused())
			.min((a, b) -> Double.compare(a.meanNrmse(), b.meanNrmse()));
	}

	/** The fewest chemical tilts at which the best conventional method reaches {@code target} at the same counts. */
	private static String tiltsToMatch(List<StudyRow> rows, StudyParameters p, double c, double target) {
		for (int n : Arrays.stream(p.chemTiltCounts()).sorted().toArray()) {
			Optional<StudyRow> b = bestConventional(rows, n, c);
			if (b.isPresent() && b.get().meanNrmse() <= target)
				return "Conventional needs " + n + " tilts to match it.";
		}
		return "No conventional method matches it even at " + Arrays.stream(p.chemTiltCounts()).max().getAsInt() + " tilts.";
	}
}
