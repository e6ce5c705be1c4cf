package dev.segment.jobs.ranking;

import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.EitherTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.types.Either;

/**
 * Where ids are cut into {@code parts} ranges for parallel file writers: one record, the sorted ids
 * that start ranges 1..parts-1 (a range holds the ids at or above its start, below the next). Cut
 * from a sample, so the ranges are about equal; any cuts give the same joined file. Cuts of a
 * population serve any subset of it (the assignments of the customers that were scored).
 */
public record IdCuts(DataStream<String[]> starts, int parts) {

    /**
     * {@code other}'s records (left) and the cuts' record (right) in one stream: the broadcast
     * input of an operator that needs both, such as one that tags its rows with {@link RangeLines}.
     */
    public <B> DataStream<Either<B, String[]>> alongside(DataStream<B> other) {
        TypeInformation<Either<B, String[]>> type =
                new EitherTypeInfo<>(other.getType(), starts.getType());
        // named after what they carry: each is one record from a one-record stage
        return lefts(other, type, ", with id cuts")
                .union(
                        starts.map(new Right<B>(), type)
                                .setParallelism(starts.getParallelism())
                                .name(nameOf(starts) + ", beside " + nameOf(other)));
    }

    /** {@code other}'s records as the left side of {@link #alongside}'s stream, with no cuts. */
    public static <B> DataStream<Either<B, String[]>> without(DataStream<B> other) {
        return lefts(
                other,
                new EitherTypeInfo<>(other.getType(), TypeInformation.of(String[].class)),
                ", without id cuts");
    }

    private static <B> DataStream<Either<B, String[]>> lefts(
            DataStream<B> other, TypeInformation<Either<B, String[]>> type, String suffix) {
        return other.map(new Left<B>(), type)
                .setParallelism(other.getParallelism())
                .name(nameOf(other) + suffix);
    }

    private static String nameOf(DataStream<?> stream) {
        return stream.getTransformation().getName();
    }

    private static final class Left<B> implements MapFunction<B, Either<B, String[]>> {
        private static final long serialVersionUID = 1L;

        @Override
        public Either<B, String[]> map(B value) {
            return Either.Left(value);
        }
    }

    private static final class Right<B> implements MapFunction<String[], Either<B, String[]>> {
        private static final long serialVersionUID = 1L;

        @Override
        public Either<B, String[]> map(String[] value) {
            return Either.Right(value);
        }
    }
}
