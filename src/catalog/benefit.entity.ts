import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity('benefits')
export class Benefit {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('uq_benefits_code', { unique: true })
  @Column('text')
  code: string;

  @Column('text')
  name: string;

  @Column('text', { default: '' })
  description: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
