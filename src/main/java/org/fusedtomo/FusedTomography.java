package org.fusedtomo;

import java.nio.file.Path;
import java.util.Map;

import org.fusedtomo.align.Alignment;
import org.fusedtomo.align.BackgroundOptions;
import org.fusedtomo.align.BackgroundSubtraction;
import org.fusedtomo.align.CentreOfMassAlignment;
import org.fusedtomo.align.TiltAxisFinder;
import org.fusedtomo.align.TiltAxisOptions;
import org.fusedtomo.imglib.TiltSeriesImgs;
import org.fusedtomo.data.Calibration;
import org.fusedtomo.data.MultiModalSeries;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.ShiftInterpolation;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.io.AtomicFiles;
import org.fusedtomo.io.BdvExport;
import org.fusedtomo.io.readers.SeriesReaders;
import org.fusedtomo.io.TiltSeriesFile;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.recon.Reconstruction;
import org.fusedtomo.recon.ReconstructionMethod;
import org.fusedtomo.recon.fused.FusedMethod;
import org.fusedtomo.recon.fused.FusedParameters;
import org.fusedtomo.recon.fused.FusedResult;
import org.fusedtomo.simulate.Phantoms;
import org.fusedtomo.simulate.SimulatedData;
import org.fusedtomo.simulate.SimulationParameters;
import org.fusedtomo.simulate.Simulator;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;

/**
 * The pipeline for script authors (Groovy, Jython, JShell, Java), in a few static calls on ImgLib2
 * images and {@code double[]} angles in degrees: read or wrap a series, subtract its background, align
 * it, reconstruct it with any {@link ReconstructionMethod}, export the volumes. Every call runs on all
 * available cores without progress output and returns new objects; inputs are never changed. The
 * calls only delegate to the core classes each names, where the full settings live.
 * <pre>{@code
 * TiltSeries haadf = FusedTomography.series(img, FusedTomography.angles("-70:70:2"));
 * Alignment a = FusedTomography.align(haadf);
 * Volume sirt = FusedTomography.reconstruct(a.apply(haadf), SirtMethod.of(50));
 * }</pre>
 */
public final class FusedTomography {

	private FusedTomography() {}

	/** The tilt series (HAADF and any chemical maps) in {@code file}, by {@link SeriesReaders#read(Path)}; throws naming the file on bad input. */
	public static TiltSeriesFile readSeries(Path file) {
		return SeriesReaders.read(file);
	}

	/** Angles in degrees from a comma-separated list or {@code first:last:step} (both ends included). */
	public static double[] angles(String text) {
		return TiltSeriesImgs.parseAngles(text);
	}

	/** A copy of the (x, y, angle) image {@code projections} as a tilt series at {@code anglesDeg}, one angle per slice, in pixel units. */
	public static TiltSeries series(RandomAccessibleInterval<FloatType> projections, double[] anglesDeg) {
		var channels = TiltSeriesImgs.tiltSeries(projections, anglesDeg, Calibration.PIXEL);
		if (channels.size() != 1)
			throw new IllegalArgumentException("Expected one tilt series (x, y, angle), got " + channels.size() + " channels; wrap each channel on its own");
		return channels.get(0);
	}

	/** A simulated multi-element {@code phantom} ({@link Phantoms}) of {@code size}³ voxels, projected and noised as {@code parameters} say. */
	public static SimulatedData simulate(String phantom, int size, SimulationParameters parameters) {
		return new Simulator(Parallelism.available()).simulate(Phantoms.create(phantom, VolumeGeometry.cube(size), parameters.seed()), parameters, Monitor.NONE);
	}

	/** {@code series} less its background as {@code options} say ({@link BackgroundSubtraction}). */
	public static TiltSeries subtractBackground(TiltSeries series, BackgroundOptions options) {
		return new BackgroundSubtraction(options).run(series, Monitor.NONE).series();
	}

	/** The coarse alignment that centres each projection's centre of mass ({@link CentreOfMassAlignment}, x and y). */
	public static Alignment align(TiltSeries series) {
		return new CentreOfMassAlignment(true, true).run(series, Monitor.NONE);
	}

	/** {@code initial} refined by the tilt-axis search ({@link TiltAxisFinder} with {@link TiltAxisOptions#DEFAULT}). */
	public static Alignment alignTiltAxis(TiltSeries series, Alignment initial) {
		return new TiltAxisFinder(TiltAxisOptions.DEFAULT, Parallelism.available()).run(series, initial, Monitor.NONE);
	}

	/**
	 * {@code series} shifted (and its axis turned) by {@code alignment}, interpolated at angles it lacks ({@link Alignment#apply});
	 * pixels shifted in from outside are NaN, not measured, as {@code align} and the Fiji commands write them, and every
	 * reconstruction leaves them out.
	 *
	 * @throws IllegalArgumentException when a tilt lies beyond the alignment's angles ({@link Alignment#apply})
	 */
	public static TiltSeries aligned(TiltSeries series, Alignment alignment) {
		return alignment.apply(series, ShiftInterpolation.MISSING);
	}

	/** {@code series} reconstructed by {@code method} into a volume as deep as the projections are wide. */
	public static Volume reconstruct(TiltSeries series, ReconstructionMethod<TiltSeries, Reconstruction> method) {
		return reconstruct(series, method, series.width());
	}

	/** {@code series} reconstructed by {@code method} into a volume {@code depth} voxels thick. */
	public static Volume reconstruct(TiltSeries series, ReconstructionMethod<TiltSeries, Reconstruction> method, int depth) {
		return method.reconstruct(series, new VolumeGeometry(series.width(), series.height(), depth), Parallelism.available(), Monitor.NONE).volume();
	}

	/** The (x, y, angle) image {@code projections} at {@code anglesDeg} reconstructed by {@code method}: an (x, y, z) image as deep as it is wide. */
	public static ArrayImg<FloatType, FloatArray> reconstruct(RandomAccessibleInterval<FloatType> projections, double[] anglesDeg,
		ReconstructionMethod<TiltSeries, Reconstruction> method) {
		return reconstruct(series(projections, anglesDeg), method).img();
	}

	/**
	 * The fused reconstruction ({@link FusedMethod}) of the HAADF {@code haadf} and the chemical maps
	 * {@code chemical} (by element, aligned alike) with {@code parameters} (e.g. {@link FusedParameters#DEFAULT}),
	 * into a volume as deep as the projections are wide; one volume per element.
	 */
	public static FusedResult reconstruct(TiltSeries haadf, Map<String, TiltSeries> chemical, FusedParameters parameters) {
		MultiModalSeries s = new MultiModalSeries(haadf, chemical);
		return new FusedMethod(parameters).reconstruct(s, VolumeGeometry.of(haadf.geometry(), haadf.width()), Parallelism.available(), Monitor.NONE);
	}

	/** Writes {@code volumes} as a BigDataViewer dataset {@code xml} (+ .h5 beside it), float32, atomically; returns the .h5. */
	public static Path exportBigDataViewer(Map<String, Volume> volumes, Path xml) {
		Volume first = volumes.values().iterator().next();
		return BdvExport.write(volumes, first.calibration().pixelSize(), first.calibration().unit(), xml, BdvExport.Options.DEFAULT, AtomicFiles.protecting());
	}
}
