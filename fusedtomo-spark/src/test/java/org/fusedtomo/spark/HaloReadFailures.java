package org.fusedtomo.spark;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;

import org.apache.spark.SparkConf;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.serializer.DeserializationStream;
import org.apache.spark.serializer.JavaSerializer;
import org.apache.spark.serializer.SerializationStream;
import org.apache.spark.serializer.SerializerInstance;

import scala.reflect.ClassTag;

/**
 * Spark's {@link JavaSerializer} (the default {@code spark.serializer}) with one fault for retry tests: during
 * {@link #during}, the task of partition 1 fails on its first attempt when it reads a shuffled halo
 * ({@link SlabTv.SlabHalo}), i.e. in every job that exchanges halos (each TV iteration, each fused trial), before
 * its slab steps. Spark then runs the task again. Anything else is read and written as by JavaSerializer, so a
 * context with it computes what a default one does. Needed where the slab step cannot be swapped for a failing one
 * (the fused solvers, {@link SparkFused}).
 */
public final class HaloReadFailures extends JavaSerializer {

	private static final long serialVersionUID = 1L;

	/** The job property (set in the driver, seen by the tasks) that arms the fault. */
	private static final String ARMED = "fusedtomo.test.failHaloReads";

	/** For Externalizable. */
	public HaloReadFailures() {
		super(new SparkConf());
	}

	/** As Spark constructs a configured serializer. */
	public HaloReadFailures(SparkConf conf) {
		super(conf);
	}

	/** {@code conf} with this serializer. */
	static SparkConf installIn(SparkConf conf) {
		return conf.set("spark.serializer", HaloReadFailures.class.getName());
	}

	/** Runs {@code jobs} on {@code sc} (whose serializer is this one) with the fault armed. */
	static void during(JavaSparkContext sc, Runnable jobs) {
		sc.setLocalProperty(ARMED, "true");
		try {
			jobs.run();
		}
		finally {
			sc.setLocalProperty(ARMED, null);
		}
	}

	@Override
	public SerializerInstance newInstance() {
		SerializerInstance plain = super.newInstance();
		return new SerializerInstance() {
			@Override
			public <T> ByteBuffer serialize(T t, ClassTag<T> tag) {
				return plain.serialize(t, tag);
			}

			@Override
			public <T> T deserialize(ByteBuffer bytes, ClassTag<T> tag) {
				return plain.deserialize(bytes, tag);
			}

			@Override
			public <T> T deserialize(ByteBuffer bytes, ClassLoader loader, ClassTag<T> tag) {
				return plain.deserialize(bytes, loader, tag);
			}

			@Override
			public SerializationStream serializeStream(OutputStream s) {
				return plain.serializeStream(s);
			}

			@Override
			public DeserializationStream deserializeStream(InputStream s) {
				DeserializationStream in = plain.deserializeStream(s);
				return new DeserializationStream() {
					@Override
					public <T> T readObject(ClassTag<T> tag) {
						T read = in.readObject(tag);
						TaskContext task = TaskContext.get();
						if (read instanceof SlabTv.SlabHalo && task != null && "true".equals(task.getLocalProperty(ARMED)) && task.partitionId() == 1 && task.attemptNumber() == 0)
							throw new IllegalStateException("simulated failure of partition 1, attempt 0, reading its halos");
						return read;
					}

					@Override
					public void close() {
						in.close();
					}
				};
			}
		};
	}
}
