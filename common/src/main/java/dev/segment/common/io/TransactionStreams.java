package dev.segment.common.io;

import dev.segment.common.model.DeadLetter;
import dev.segment.common.model.Transaction;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * The two outputs of reading: accepted transactions and the dead letters.
 *
 * @param transactions accepted rows
 * @param deadLetters rejected rows with reasons, or null when the source cannot reject anything
 */
public record TransactionStreams(
        DataStream<Transaction> transactions, DataStream<DeadLetter> deadLetters) {}
