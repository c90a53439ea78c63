package com.ecliptix.memberships.faults;

import com.ecliptix.memberships.EcliptixMemberships;
import com.ecliptix.memberships.EcliptixMembershipsException;
import com.ecliptix.memberships.device.DeviceRegistration;
import com.ecliptix.memberships.device.DeviceRegistrationOutcome;
import com.ecliptix.memberships.testing.Phones;
import com.ecliptix.memberships.verification.FlowStartOutcome;
import com.ecliptix.memberships.verification.PhoneFlowStart;
import com.ecliptix.memberships.verification.Purpose;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Threads that register devices and start a registration flow for each (a single call, then a flow step of
 * two calls) through one API object until stopped, noting every answer with the id it returned, every
 * typed failure with the subject it was for, and anything else.
 */
final class RegistrationTraffic implements AutoCloseable {

    enum Call { REGISTER, START_FLOW }

    /** An answered call: the id of the row it reported. */
    record Acknowledged(Call call, UUID id) {
    }

    /** A failed call: the subject it was for (the device id, the phone number), to look for its rows. */
    record Failure(Call call, String subject, EcliptixMembershipsException error) {
        @Override
        public String toString() {
            return call + " failed with " + error.kind() + (error.isRetryable() ? " (retryable)" : "") + ": " + error.getMessage();
        }
    }

    private final EcliptixMemberships api;
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final AtomicIntegerArray acknowledgedPerThread;
    private final Queue<Acknowledged> acknowledged = new ConcurrentLinkedQueue<>();
    private final Queue<Failure> failures = new ConcurrentLinkedQueue<>();
    private final Queue<String> unexpected = new ConcurrentLinkedQueue<>();
    private final Queue<Throwable> untyped = new ConcurrentLinkedQueue<>();

    RegistrationTraffic(EcliptixMemberships api, int threadCount) {
        this.api = api;
        this.acknowledgedPerThread = new AtomicIntegerArray(threadCount);
        for (int i = 0; i < threadCount; i++) {
            int index = i;
            Thread thread = new Thread(() -> run(index), "registration-traffic-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    private void run(int index) {
        while (!stopping.get()) {
            UUID deviceId = UUID.randomUUID();
            UUID device;
            try {
                DeviceRegistration registration = api.devices().register(UUID.randomUUID(), deviceId);
                if (registration.outcome() != DeviceRegistrationOutcome.CREATED) {
                    unexpected.add("register answered " + registration.outcome());
                    continue;
                }
                device = registration.deviceUniqueId();
                acknowledged.add(new Acknowledged(Call.REGISTER, device));
                acknowledgedPerThread.incrementAndGet(index);
            } catch (EcliptixMembershipsException e) {
                failures.add(new Failure(Call.REGISTER, deviceId.toString(), e));
                continue;
            } catch (RuntimeException | Error e) {
                untyped.add(e);
                continue;
            }
            String phone = Phones.unique();
            try {
                PhoneFlowStart start = api.verification().startForPhoneNumber(device, phone, "US", Purpose.REGISTRATION, null);
                if (start.flow().outcome() != FlowStartOutcome.CREATED) {
                    unexpected.add("startForPhoneNumber answered " + start.flow().outcome());
                    continue;
                }
                acknowledged.add(new Acknowledged(Call.START_FLOW, start.flow().flowUniqueId().orElseThrow()));
                acknowledgedPerThread.incrementAndGet(index);
            } catch (EcliptixMembershipsException e) {
                failures.add(new Failure(Call.START_FLOW, phone, e));
            } catch (RuntimeException | Error e) {
                untyped.add(e);
            }
        }
    }

    /** Waits until every thread has had {@code calls} more calls answered than when this was called. */
    void awaitAcknowledgedPerThread(int calls, Duration guard) throws InterruptedException {
        int[] from = new int[acknowledgedPerThread.length()];
        for (int i = 0; i < from.length; i++) {
            from[i] = acknowledgedPerThread.get(i);
        }
        Instant giveUp = Instant.now().plus(guard);
        for (int i = 0; i < from.length; i++) {
            while (acknowledgedPerThread.get(i) < from[i] + calls) {
                if (Instant.now().isAfter(giveUp)) {
                    throw new AssertionError("thread " + i + " had " + (acknowledgedPerThread.get(i) - from[i]) + " of " + calls
                            + " calls answered within " + guard + "; last failures: " + lastFailures());
                }
                TimeUnit.MILLISECONDS.sleep(20);
            }
        }
    }

    private List<Failure> lastFailures() {
        List<Failure> all = failures();
        return all.subList(Math.max(0, all.size() - 3), all.size());
    }

    /** Stops the threads after their current call, and waits for them. */
    void stop() throws InterruptedException {
        stopping.set(true);
        for (Thread thread : threads) {
            thread.join(TimeUnit.MINUTES.toMillis(2));
            if (thread.isAlive()) {
                throw new AssertionError(thread.getName() + " did not end: a call never returned");
            }
        }
    }

    List<Acknowledged> acknowledged() {
        return List.copyOf(acknowledged);
    }

    List<Failure> failures() {
        return List.copyOf(failures);
    }

    List<String> unexpected() {
        return List.copyOf(unexpected);
    }

    List<Throwable> untyped() {
        return List.copyOf(untyped);
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
