package org.fusedtomo.spectra;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The channel windows of one line on one energy axis.
 * <ul>
 * <li>EDS: {@code signal} is the integration window, {@code fwhmKeV} wide {@link MapSettings#integrationFwhm} times
 * and centred on the line; {@code background} holds the side windows used (none without background subtraction;
 * one when the other side falls outside the axis or on another requested line's window).</li>
 * <li>EELS: {@code signal} starts at the onset; {@code background} holds the two halves of the pre-edge window,
 * lower then upper, equal in channel count, in which the power law is fitted.</li>
 * </ul>
 *
 * @param fwhmKeV the EDS detector's FWHM at the line (HyperSpy's {@code get_FWHM_at_Energy}); NaN for EELS
 * @param note why a side window was dropped; empty when none was
 */
public record LineWindows(SpectralLines.Line line, double fwhmKeV, EnergyWindow signal, List<EnergyWindow> background, String note) {

	public LineWindows {
		background = List.copyOf(background);
	}

	/**
	 * FWHM in keV of an EDS line at {@code energyKeV} for a detector of resolution {@code mnKaEv} (eV, FWHM at Mn Ka),
	 * after Fiori and Newbury (1978) as HyperSpy's {@code get_FWHM_at_Energy}: FWHM² = 2.5 (E − E_MnKa)[eV] + FWHM_MnKa².
	 */
	public static double fwhmKeV(double mnKaEv, double energyKeV) {
		double squared = 2.5 * (energyKeV - SpectralLines.xrayKeV(SpectralLines.MN_KA)) * 1000 + mnKaEv * mnKaEv;
		return squared > 0 ? Math.sqrt(squared) / 1000 : Double.NaN;
	}

	/**
	 * The windows of every line of {@code lines} (all of {@code axis}'s kind) on {@code axis}.
	 *
	 * @param source the spectrum image's name, for messages
	 * @throws IllegalArgumentException naming the line and the axis' range when a line or its windows lie outside the axis
	 */
	public static List<LineWindows> of(List<SpectralLines.Line> lines, EnergyAxis axis, MapSettings s, String source) {
		List<LineWindows> out = new ArrayList<>();
		for (SpectralLines.Line l : lines)
			out.add(l.kind() == SpectrumImage.SpectrumKind.EDS ? edsSignal(l, axis, s, source) : eels(l, axis, s, source));
		out = noteOverlaps(out);
		if (!s.edsBackground())
			return out;
		List<LineWindows> withBackground = new ArrayList<>();
		for (LineWindows w : out)
			withBackground.add(w.line().kind() == SpectrumImage.SpectrumKind.EDS ? edsBackground(w, out, axis, s, source) : w);
		return withBackground;
	}

	/**
	 * Notes an EELS pre-edge window that holds another requested edge (its power law would be fitted to that edge),
	 * and EDS integration windows that share channels (both maps count them: Si_Ka and Sr_La, 66 eV apart, did so
	 * without a word).
	 */
	private static List<LineWindows> noteOverlaps(List<LineWindows> all) {
		List<LineWindows> out = new ArrayList<>();
		for (LineWindows w : all) {
			String note = w.note();
			if (w.line().kind() == SpectrumImage.SpectrumKind.EELS)
				for (LineWindows o : all)
					if (o != w && o.line().kind() == SpectrumImage.SpectrumKind.EELS
						&& (o.signal().overlaps(w.background().get(0)) || o.signal().overlaps(w.background().get(1))))
						note += (note.isEmpty() ? "" : "; ") + "the pre-edge window holds the edge window of " + o.line().name() + "; shorten --pre-edge or --edge-width";
			if (w.line().kind() == SpectrumImage.SpectrumKind.EDS)
				for (LineWindows o : all)
					if (o != w && o.line().kind() == SpectrumImage.SpectrumKind.EDS && o.signal().overlaps(w.signal()))
						note += (note.isEmpty() ? "" : "; ") + String.format(Locale.ROOT, "its window shares %d channels with that of %s: both maps count them; narrow --window or map one of the two",
							Math.min(w.signal().stop(), o.signal().stop()) - Math.max(w.signal().start(), o.signal().start()), o.line().name());
			out.add(note.equals(w.note()) ? w : new LineWindows(w.line(), w.fwhmKeV(), w.signal(), w.background(), note));
		}
		return out;
	}

	private static LineWindows edsSignal(SpectralLines.Line l, EnergyAxis axis, MapSettings s, String source) {
		double fwhm = fwhmKeV(s.resolutionMnKaEv(), l.energyKeV());
		if (Double.isNaN(fwhm))
			throw new IllegalArgumentException(String.format(Locale.ROOT, "line %s at %.3f keV: an energy resolution of %.0f eV at Mn Ka gives no width there; give a larger one",
				l.name(), l.energyKeV(), s.resolutionMnKaEv()));
		double half = s.integrationFwhm() * fwhm / 2;
		EnergyWindow w = EnergyWindow.of(axis, l.energyKeV() - half, l.energyKeV() + half);
		if (w.channels() < 1 && w.start() >= 0 && w.stop() <= axis.channels())
			throw new IllegalArgumentException(String.format(Locale.ROOT, "%s: line %s: its window %.4f-%.4f keV holds no channel (%.3g eV each); give a wider --window",
				source, l.name(), l.energyKeV() - half, l.energyKeV() + half, axis.scaleKeV() * 1e3));
		if (!w.inside(axis))
			throw outside(source, l, axis, String.format(Locale.ROOT, "its window %.3f-%.3f keV", l.energyKeV() - half, l.energyKeV() + half), "");
		return new LineWindows(l, fwhm, w, List.of(), "");
	}

	private static LineWindows edsBackground(LineWindows w, List<LineWindows> all, EnergyAxis axis, MapSettings s, String source) {
		double e = w.line().energyKeV(), f = w.fwhmKeV(), in = s.backgroundOffsetFwhm() * f, width = s.backgroundWidthFwhm() * f;
		EnergyWindow left = EnergyWindow.of(axis, e - in - width, e - in), right = EnergyWindow.of(axis, e + in, e + in + width);
		List<EnergyWindow> used = new ArrayList<>();
		StringBuilder note = new StringBuilder();
		for (EnergyWindow side : List.of(left, right)) {
			String name = side == left ? "low" : "high";
			String problem = !side.inside(axis) ? "outside the energy range" : overlapping(side, w, all);
			if (problem == null)
				used.add(side);
			else
				note.append(note.length() == 0 ? "" : "; ").append(String.format(Locale.ROOT, "%s side window %.3f-%.3f keV dropped: %s", name, side.lowKeV(), side.highKeV(), problem));
		}
		if (used.isEmpty())
			throw new IllegalArgumentException(source + ": line " + w.line().name() + ": no background window left (" + note + "); drop background subtraction or a neighbouring line");
		return new LineWindows(w.line(), f, w.signal(), used, note.toString());
	}

	/** {@code w} (EDS) with the side windows background subtraction would use, whether or not it is on; null when none is left. */
	static LineWindows withSideWindows(LineWindows w, List<LineWindows> all, EnergyAxis axis, MapSettings s) {
		try {
			return edsBackground(w, all, axis, s, "");
		}
		catch (IllegalArgumentException e) {
			return null;
		}
	}

	private static String overlapping(EnergyWindow side, LineWindows self, List<LineWindows> all) {
		for (LineWindows o : all)
			if (o != self && o.line().kind() == SpectrumImage.SpectrumKind.EDS && side.overlaps(o.signal()))
				return "on the window of " + o.line().name();
		return null;
	}

	private static LineWindows eels(SpectralLines.Line l, EnergyAxis axis, MapSettings s, String source) {
		double onset = l.energyKeV(), preHigh = onset - s.edgeGapEv() * 1e-3, preLow = preHigh - s.preEdgeEv() * 1e-3;
		EnergyWindow signal = EnergyWindow.of(axis, onset, onset + s.edgeWidthEv() * 1e-3);
		EnergyWindow pre = EnergyWindow.of(axis, preLow, preHigh);
		double low = axis.energyKeV(-0.5), high = axis.maxKeV();
		if (signal.channels() < 1 && signal.start() >= 0 && signal.stop() <= axis.channels())
			throw new IllegalArgumentException(String.format(Locale.ROOT, "%s: edge %s: its edge window %.1f-%.1f eV holds no channel (%.3g eV each); give a wider --edge-width",
				source, l.name(), onset * 1e3, onset * 1e3 + s.edgeWidthEv(), axis.scaleKeV() * 1e3));
		if (!signal.inside(axis))
			throw outside(source, l, axis, String.format(Locale.ROOT, "its edge window %.1f-%.1f eV", onset * 1e3, onset * 1e3 + s.edgeWidthEv()),
				fits("--edge-width", onset >= low ? Math.floor((high - onset) * 1e3) : 0));
		if (!pre.inside(axis) || pre.lowKeV() <= 0)
			throw outside(source, l, axis, String.format(Locale.ROOT, "its pre-edge window %.1f-%.1f eV", preLow * 1e3, preHigh * 1e3),
				fits("--pre-edge", Math.floor((preHigh - Math.max(low, 0)) * 1e3)));
		int half = pre.channels() / 2;
		if (half < 2)
			throw new IllegalArgumentException(String.format(Locale.ROOT, "%s: edge %s: the pre-edge window %.1f-%.1f eV holds %d channels; the power-law fit needs at least 4",
				source, l.name(), preLow * 1e3, preHigh * 1e3, pre.channels()));
		// NB: equal halves ending at the gap, so the two-area fit sees the same widths.
		int split = pre.stop() - half, lo = split - half;
		EnergyWindow lower = new EnergyWindow(lo, split, axis.energyKeV(lo - 0.5), axis.energyKeV(split - 0.5));
		EnergyWindow upper = new EnergyWindow(split, pre.stop(), axis.energyKeV(split - 0.5), axis.energyKeV(pre.stop() - 0.5));
		return new LineWindows(l, Double.NaN, signal, List.of(lower, upper), "");
	}

	/** Where a shorter window would fit the axis, the option and the width that fits; else nothing. */
	private static String fits(String option, double widthEv) {
		return widthEv >= 2 ? String.format(Locale.ROOT, " (%s %.0f or less fits)", option, widthEv) : "";
	}

	private static IllegalArgumentException outside(String source, SpectralLines.Line l, EnergyAxis axis, String what, String hint) {
		return new IllegalArgumentException(String.format(Locale.ROOT, "%s: line %s (%.3f keV): %s lies outside the energy range %.3f-%.3f keV%s", source, l.name(), l.energyKeV(),
			what, axis.energyKeV(-0.5), axis.maxKeV(), hint));
	}
}
