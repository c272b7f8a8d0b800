package io.tideway.metadata.store;

import com.apple.foundationdb.tuple.Tuple;
import com.apple.foundationdb.tuple.Versionstamp;
import io.tideway.metadata.Versionstamps;
import io.tideway.metadata.internal.VersionedValue;

/**
 * The value formats of committed and pending (transactional) group offsets, shared by
 * {@link GroupOffsetStore} and {@link TransactionalOffsetStore} because a transaction's commit
 * turns one into the other.
 *
 * <p>Every offset carries the versionstamp of the metadata transaction that wrote it: the store's
 * commit order stands in for the position of the record in Kafka's {@code __consumer_offsets},
 * which Kafka uses to let the later of a transactional and a plain commit win. A committed offset
 * materialised from a transaction keeps the stamp of its TxnOffsetCommit, as Kafka keeps the
 * record's offset.
 *
 * <ul>
 *   <li>committed v1: {@code (1, offset, leaderEpoch, metadata|null, commitTimestamp)}, older
 *       than any stamp;
 *   <li>committed v2: {@code (2, offset, leaderEpoch, metadata|null, commitTimestamp, stamp)};
 *   <li>pending v1: {@code (1, producerEpoch, offset, leaderEpoch, metadata|null,
 *       commitTimestamp, stamp)}.
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
final class OffsetValues {

    private static final int COMMITTED_FORMAT = 2;
    private static final int PENDING_FORMAT = 1;

    private OffsetValues() {
    }

    /**
     * A committed offset and the stamp of the write that produced it.
     *
     * @param offset the offset
     * @param stamp the versionstamp, null for a v1 value (written before stamps existed: older than all)
     */
    record Stamped(CommittedOffset offset, Versionstamp stamp) {

        /** @return whether {@code later} was written after this offset */
        boolean isOlderThan(Versionstamp later) {
            return stamp == null || stamp.compareTo(later) < 0;
        }
    }

    /**
     * A pending transactional offset as stored.
     *
     * @param producerEpoch the epoch of the TxnOffsetCommit
     * @param offset the offset it commits
     * @param stamp the versionstamp of the TxnOffsetCommit's write
     */
    record Pending(short producerEpoch, CommittedOffset offset, Versionstamp stamp) {
    }

    /** @return a value template stamped with the writing transaction's versionstamp at commit */
    static byte[] committedTemplate(CommittedOffset offset) {
        return Versionstamps.packWithVersionstamp(Tuple.from(COMMITTED_FORMAT, offset.offset(),
                offset.leaderEpoch(), offset.metadata(), offset.commitTimestamp(), Versionstamp.incomplete()));
    }

    /** @return a committed value carrying an existing stamp (a pending offset being committed) */
    static byte[] committed(CommittedOffset offset, Versionstamp stamp) {
        return Tuple.from(COMMITTED_FORMAT, offset.offset(), offset.leaderEpoch(), offset.metadata(),
                offset.commitTimestamp(), stamp).pack();
    }

    static Stamped decodeCommitted(byte[] value, String what) {
        VersionedValue.Decoded decoded = VersionedValue.decode(value, what, COMMITTED_FORMAT, 4);
        Tuple fields = decoded.fields();
        Versionstamp stamp = decoded.version() >= 2 ? fields.getVersionstamp(4) : null;
        return new Stamped(offset(fields, 0), stamp);
    }

    /** @return a pending value template stamped with the writing transaction's versionstamp at commit */
    static byte[] pendingTemplate(short producerEpoch, CommittedOffset offset) {
        return Versionstamps.packWithVersionstamp(Tuple.from(PENDING_FORMAT, producerEpoch, offset.offset(),
                offset.leaderEpoch(), offset.metadata(), offset.commitTimestamp(), Versionstamp.incomplete()));
    }

    static Pending decodePending(byte[] value, String what) {
        Tuple fields = VersionedValue.decode(value, what, PENDING_FORMAT, 6).fields();
        return new Pending((short) fields.getLong(0), offset(fields, 1), fields.getVersionstamp(5));
    }

    private static CommittedOffset offset(Tuple fields, int from) {
        return new CommittedOffset(fields.getLong(from), (int) fields.getLong(from + 1), fields.getString(from + 2),
                fields.getLong(from + 3));
    }
}
